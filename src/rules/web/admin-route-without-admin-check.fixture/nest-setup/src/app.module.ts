import { Module } from '@nestjs/common';
import { SetupController } from './setup.controller';
import { AccountService } from './account.service';

@Module({ controllers: [SetupController], providers: [AccountService] })
export class AppModule {}
