import { Injectable } from '@nestjs/common';
import { MongooseModuleOptions, MongooseOptionsFactory } from '@nestjs/mongoose';

@Injectable()
export class MongoConfigService implements MongooseOptionsFactory {
  createMongooseOptions(): MongooseModuleOptions {
    return {
      uri: process.env.CATALOG_MONGO_URL,
      user: process.env.CATALOG_MONGO_USER,
      pass: process.env.CATALOG_MONGO_PASSWORD,
    };
  }
}
