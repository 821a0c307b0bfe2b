import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { GuestbookResolver } from './guestbook.resolver';

@Module({ providers: [GuestbookResolver] })
class AppModule {}

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3001);
}
bootstrap();
