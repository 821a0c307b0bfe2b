import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sinks } from './support.test.js';

const DTO = `import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
export class CreateNoteDto {
  @IsString()
  @Matches(/^[a-z0-9_-]+$/i)
  slug: string;

  @IsUUID()
  folderId: string;

  @Matches('^[\\\\w./-]+$')
  relativePath: string;

  @IsOptional()
  @IsString()
  title?: string;
}
`;

const SERVICE = `import { Injectable } from '@nestjs/common';
import * as fs from 'fs';
import { CreateNoteDto } from './dto/create-note.dto';
@Injectable()
export class NotesService {
  saveSlug(note: CreateNoteDto) {
    fs.mkdirSync(\`/data/notes/\${note.slug}\`);
  }
  saveFolder(note: CreateNoteDto) {
    fs.mkdirSync(\`/data/folders/\${note.folderId}\`);
  }
  savePath(note: CreateNoteDto) {
    fs.writeFileSync(\`/data/notes/\${note.relativePath}\`, 'x');
  }
  saveTitle(note: CreateNoteDto) {
    fs.writeFileSync(\`/data/titles/\${note.title}\`, 'x');
  }
}
`;

const CONTROLLER = `import { Body, Controller, Post } from '@nestjs/common';
import * as fs from 'fs';
import { CreateNoteDto } from './dto/create-note.dto';
import { NotesService } from './notes.service';
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}
  @Post('a') a(@Body() body: CreateNoteDto) { return this.notes.saveSlug(body); }
  @Post('b') b(@Body() body: CreateNoteDto) { return this.notes.saveFolder(body); }
  @Post('c') c(@Body() body: CreateNoteDto) { return this.notes.savePath(body); }
  @Post('d') d(@Body() body: CreateNoteDto) { return this.notes.saveTitle(body); }
  @Post('local')
  local(@Body() body: CreateNoteDto) {
    fs.mkdirSync(\`/data/local/\${body.slug}\`);
    fs.rmSync(\`/data/local/\${body.title}\`);
  }
}
`;

const MAIN = `import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
  await app.listen(3000);
}
bootstrap();
`;

const FILES = {
  'src/notes/dto/create-note.dto.ts': DTO,
  'src/notes/notes.service.ts': SERVICE,
  'src/notes/notes.controller.ts': CONTROLLER,
};

describe('extract/js/taint: class-validator DTO members under a ValidationPipe', () => {
  it('clears members whose validators rule out path characters, in the handler and in a service', () => {
    assert.deepEqual(sinks({ ...FILES, 'src/main.ts': MAIN }), [
      'path fs.rmSync @Body() body.title @15',
      'path fs.writeFileSync @Body() body @13',
      'path fs.writeFileSync @Body() body @16',
    ]);
  });

  it('keeps every member tainted when no ValidationPipe runs', () => {
    assert.deepEqual(sinks(FILES), [
      'path fs.mkdirSync @Body() body @10',
      'path fs.mkdirSync @Body() body @7',
      'path fs.mkdirSync @Body() body.slug @14',
      'path fs.rmSync @Body() body.title @15',
      'path fs.writeFileSync @Body() body @13',
      'path fs.writeFileSync @Body() body @16',
    ]);
  });

  it('types request members checked by a route validation middleware declared inline', () => {
    const out = sinks({
      'package.json': '{"dependencies":{"mongoose":"8.0.0","express":"4.0.0","zod-express-middleware":"1.4.0","celebrate":"15.0.0"}}',
      'src/routes.ts': `
import express from 'express';
import { z } from 'zod';
import { celebrate, Joi, Segments } from 'celebrate';
import { processRequest, validateRequest, validateRequestBody } from 'zod-express-middleware';
import Note from './note';
const router = express.Router();
router.post('/a', validateRequest({ body: z.object({ id: z.string().optional(), meta: z.any() }) }), async (req, res) => {
  const { id, meta } = req.body;
  await Note.findOne({ _id: id });
  await Note.findOne({ meta });
  await Note.create(req.body);
  res.end();
});
router.post('/b', processRequest({ body: z.object({ title: z.string(), tags: z.array(z.string()) }) }), async (req, res) => {
  await Note.findOne({ title: req.body.title });
  await Note.create(req.body);
  res.end();
});
router.get('/c', celebrate({ [Segments.QUERY]: Joi.object().keys({ q: Joi.string().max(20) }) }), async (req, res) => {
  await Note.findOne({ q: req.query.q });
  res.end();
});
router.post('/d', validateRequestBody(z.object({ n: z.string().or(z.object({})) })), async (req, res) => {
  await Note.findOne({ n: req.body.n });
  res.end();
});
export default router;
`,
      'src/note.ts': `import mongoose from 'mongoose'; export default mongoose.model('Note', new mongoose.Schema({}));`,
    });
    assert.deepEqual(out, [
      'mass-assignment Note.create req.body @12',
      'nosql Note.findOne req.body.meta @11',
      'nosql Note.findOne req.body.n @25',
    ]);
  });
});
