import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './openapi-auth-not-enforced-in-code.js';
import { scratchDir } from '../../util/scratch.js';

// A Nest app behind a global guard: one route opted out with `@Public()`, one left without a guard
// by a controller that never meets the global guard (its module provides none), and a spec that
// demands a bearer token for every operation.
const APP: Record<string, string> = {
  'package.json': '{ "name": "ledger", "dependencies": { "@nestjs/core": "10", "@nestjs/common": "10", "@nestjs/passport": "10" } }',
  'openapi.yaml': `openapi: 3.0.3
info: { title: ledger, version: "1" }
security:
  - bearer: []
paths:
  /entries:
    post:
      responses: { "201": { description: created } }
  /entries/{id}/void:
    post:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: voided } }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
`,
  'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
bootstrap();
`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './jwt.guard';
import { EntriesController } from './entries.controller';
@Module({ controllers: [EntriesController], providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}
`,
  'src/jwt.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class JwtAuthGuard extends AuthGuard('jwt') {}
`,
  'src/public.decorator.ts': `import { SetMetadata } from '@nestjs/common';
export const Public = () => SetMetadata('isPublic', true);
`,
  'src/entries.controller.ts': `import { Body, Controller, Param, Post } from '@nestjs/common';
import { Public } from './public.decorator';
@Controller('entries')
export class EntriesController {
  @Public() @Post()
  create(@Body() body: { amount: number }) {
    return db.entry.create({ data: body });
  }

  @Post(':id/void')
  void(@Param('id') id: string) {
    return db.entry.update({ where: { id }, data: { void: true } });
  }
}
`,
};

function writeApp(files: Record<string, string>): string {
  const dir = scratchDir('spec-declared-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('openapi-auth-not-enforced-in-code: a route the code declares public', () => {
  it('is reported with low confidence and at most medium, while the guarded route draws nothing', async () => {
    const model = await analyzeDirectory(writeApp(APP), { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const found = model.threats.filter((t) => t.ruleId === rule.meta.id).map((t) => [t.evidence[0].file, t.evidence[0].line, t.confidence, t.severity]);
    assert.equal(found.length, 1, JSON.stringify(found));
    const [file, line, confidence, severity] = found[0];
    assert.deepEqual([file, line, confidence], ['src/entries.controller.ts', 5, 'low']);
    assert.ok(!['high', 'critical'].includes(String(severity)), String(severity));
  });
});
