import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    // ruleid: trust-proxy-all-hops
    new FastifyAdapter({ trustProxy: true }),
  );
  await app.listen(3000);
}
bootstrap();
