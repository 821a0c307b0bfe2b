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

  it('reads member schemas bound to constants of the route file or exported as scalars by another module', () => {
    const out = sinks({
      'package.json': '{"dependencies":{"mongoose":"8.0.0","express":"4.0.0","zod-express-middleware":"1.4.0"}}',
      'src/schemas.ts': `
import { z } from 'zod';
export const idSchema = z.string().refine((v) => /^[a-f0-9]{24}$/.test(v));
const slug = z.string().min(1);
export { slug as slugSchema };
export const filterSchema = z.object({ q: z.string() });
`,
      'src/repo.ts': `
import Note from './note';
export function findNote(kind: string, id: string) {
  return Note.findOne({ kind, id });
}
export function findBy(filter: unknown) {
  return Note.findOne({ filter });
}
`,
      'src/routes.ts': `
import express from 'express';
import { z } from 'zod';
import { validateRequest } from 'zod-express-middleware';
import { filterSchema, idSchema, slugSchema } from './schemas';
import { findBy, findNote } from './repo';
import Note from './note';
const router = express.Router();
const kindSchema = z.enum(['a', 'b']);
router.put('/a', validateRequest({ body: z.object({ kind: kindSchema, id: idSchema }) }), async (req, res) => {
  res.json(await findNote(req.body.kind, req.body.id));
});
router.put('/b', validateRequest({ body: z.object({ slug: slugSchema.optional(), filter: filterSchema }) }), async (req, res) => {
  await Note.findOne({ slug: req.body.slug });
  res.json(await findBy(req.body.filter));
});
export default router;
`,
      'src/note.ts': `import mongoose from 'mongoose'; export default mongoose.model('Note', new mongoose.Schema({}));`,
    });
    assert.deepEqual(out, ['nosql Note.findOne req.body.filter @7']);
  });

  it('types the value a named zod schema parses, local or imported, in a handler and in a called module', () => {
    const out = sinks({
      'package.json': '{"dependencies":{"mongoose":"8.0.0","express":"4.0.0"}}',
      'src/schemas.ts': `
import { z } from 'zod';
export const idSchema = z.string().refine((v) => v.length === 24);
export const filterSchema = z.object({ q: z.string() });
`,
      'src/repo.ts': `
import { filterSchema, idSchema } from './schemas';
import Note from './note';
export async function checkNote(id: unknown) {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) return false;
  return Note.exists({ _id: parsed.data });
}
export async function search(filter: unknown) {
  const parsed = filterSchema.parse(filter);
  return Note.findOne({ parsed });
}
`,
      'src/routes.ts': `
import express from 'express';
import { z } from 'zod';
import { checkNote, search } from './repo';
import { idSchema } from './schemas';
import Note from './note';
const router = express.Router();
const nameSchema = z.string().min(1);
router.post('/a', async (req, res) => {
  await Note.findOne({ name: nameSchema.parse(req.body.name) });
  await Note.findOne({ owner: idSchema.parse(req.body.owner) });
  res.json({ ok: await checkNote(req.body.id), found: await search(req.body.filter) });
});
export default router;
`,
      'src/note.ts': `import mongoose from 'mongoose'; export default mongoose.model('Note', new mongoose.Schema({}));`,
    });
    assert.deepEqual(out, ['nosql Note.findOne req.body.filter @11']);
  });
});
