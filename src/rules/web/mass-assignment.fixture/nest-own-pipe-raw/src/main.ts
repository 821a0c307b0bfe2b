import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { CheckedBodyPipe } from './core/checked-body.pipe';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new CheckedBodyPipe());
  await app.listen(3000);
}
bootstrap();
