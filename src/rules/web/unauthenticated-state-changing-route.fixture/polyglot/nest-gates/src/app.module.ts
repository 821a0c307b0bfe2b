import { Module } from '@nestjs/common';
import { HubController } from './hub.controller';
import { NotesController } from './notes.controller';
import { TestingModule } from './testing.module';

const imports = [];
// Loaded only by the end-to-end test run.
if (process.env.NODE_ENV === 'test') {
  imports.push(TestingModule);
}

@Module({ imports, controllers: [HubController, NotesController] })
export class AppModule {}
