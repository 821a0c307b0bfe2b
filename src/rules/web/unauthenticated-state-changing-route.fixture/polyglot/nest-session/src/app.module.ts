import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { NotesController } from './notes.controller';

@Module({ controllers: [AuthController, NotesController] })
export class AppModule {}
