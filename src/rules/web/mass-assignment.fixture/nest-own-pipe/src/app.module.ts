import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { StrictBodyPipe } from '~/common/strict-body.pipe';
import { ProjectsController } from './projects/projects.controller';

@Module({
  controllers: [ProjectsController],
  providers: [{ provide: APP_PIPE, useClass: StrictBodyPipe }],
})
export class AppModule {}
