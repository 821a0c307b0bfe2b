import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthController } from './auth.controller';

@Module({ imports: [ThrottlerModule.forRootAsync({ useFactory: () => [{ ttl: 60000, limit: 10 }] })], controllers: [AuthController] })
export class AppModule {}
