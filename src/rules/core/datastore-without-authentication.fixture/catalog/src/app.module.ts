import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoConfigService } from './mongo-config.service';

@Module({
  // ok: datastore-without-authentication
  imports: [MongooseModule.forRootAsync({ useClass: MongoConfigService })],
})
export class AppModule {}
