import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testContext } from '../../testing.js';
import { declaresFlow, stripFlow } from './flow.js';
import { parseJs, parseJsModule } from './parse.js';

/** parse-server's shape: Flow types, `import type`, generics, no pragma (Babel's flow preset strips them). */
const UNMARKED = [
  "import type { Config } from './Config';",
  "import express from 'express';",
  'export class ParseServer {',
  '  config: Config;',
  '  constructor(options: ParseServerOptions): void {',
  '    const app: express$Application = express();',
  "    app.get('/health', (req, res) => res.json({ status: 'ok' }));",
  '  }',
  '}',
  '',
].join('\n');

const MARKED = `/* eslint-disable */\n// @flow\nconst cache: Map<string, ?{| id: number |}> = new Map();\nexport function get(id: string): ?number { return cache.get(id)?.id; }\n`;

describe('extract/js/_lib/flow', () => {
  it('reads a Flow file without a pragma after a failed parse, keeping lines and offsets', () => {
    const file = { path: 'src/ParseServer.js', content: UNMARKED };
    const parsed = parseJs(file, testContext());
    const call = JSON.stringify(parsed.program.body);
    assert.match(call, /"health"|\/health/);
    const at = UNMARKED.indexOf("app.get('/health'");
    assert.equal(parsed.lineAt(at), 7);
    assert.equal(parsed.text({ start: at, end: at + 7 }), 'app.get');
    assert.equal(parseJsModule(file, testContext()).fatal, false);
  });

  it('reads a file with the @flow pragma', () => {
    assert.equal(declaresFlow('a.js', MARKED), true);
    const parsed = parseJs({ path: 'src/cache.js', content: MARKED }, testContext());
    assert.equal(parsed.program.body.length, 2);
  });

  it('leaves TypeScript and plain JavaScript alone, and keeps real syntax errors', () => {
    assert.equal(declaresFlow('a.ts', MARKED), false);
    assert.equal(declaresFlow('a.js', 'const a = "@flow is a word";\n'), false);
    assert.throws(() => parseJs({ path: 'broken.js', content: 'function (' }, testContext()), /parse error/);
    assert.equal(stripFlow('function ('), undefined);
  });
});
