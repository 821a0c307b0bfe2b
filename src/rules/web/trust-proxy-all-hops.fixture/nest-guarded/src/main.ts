import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

async function bootstrap() {
  // ruleid: trust-proxy-all-hops
  const app = await NestFactory.create(AppModule, new FastifyAdapter({ trustProxy: true }));
  await app.listen(3000);
}
bootstrap();
