import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFile } from '../engine.js';
import type { Extractor } from '../types.js';
import { languageOfPath } from './lang.js';
import { compact, Lines } from './lines.js';
import { parseSg, parseSource } from './parse.js';
import { runTaint } from './taint/engine.js';
import type { TaintLanguage } from './taint/types.js';
import { PY_SYNTAX } from '../python/_lib/syntax.js';
import { GO_SYNTAX } from '../go/_lib/syntax.js';

test('every polyglot grammar parses; languages by extension', () => {
  const samples: [Parameters<typeof parseSource>[0], string, string][] = [
    ['python', 'def f(x):\n    return x\n', 'function_definition'],
    ['go', 'package main\nfunc main() {}\n', 'function_declaration'],
    ['java', 'class A { void f() {} }', 'method_declaration'],
    ['csharp', 'class A { void F() {} }', 'method_declaration'],
    ['ruby', 'def f; end', 'method'],
    ['php', '<?php function f() {}', 'function_definition'],
    ['kotlin', 'fun f() {}', 'function_declaration'],
  ];
  for (const [lang, code, kind] of samples) assert.ok(parseSource(lang, code).find({ rule: { kind } }), `${lang} has a ${kind}`);
  assert.equal(languageOfPath('a/b.py'), 'python');
  assert.equal(languageOfPath('x.kts'), 'kotlin');
  assert.equal(languageOfPath('x.js'), undefined);
});

test('a file is parsed once however many extractors read it', () => {
  let builds = 0;
  const make = (id: string): Extractor => ({
    id,
    title: id,
    matches: () => true,
    extract(file, ctx) {
      const root = parseSg(file, ctx, 'python');
      ctx.parse('ast-grep:python', () => {
        builds++;
        return root;
      });
      return [];
    },
  });
  extractFile({ path: 'a.py', content: 'x = 1\n' }, [make('a/a'), make('b/b')]);
  assert.equal(builds, 0, 'the second request reuses the first parse');
});

test('lines and labels', () => {
  const lines = new Lines('a\r\nbb\n\nccc');
  assert.equal(lines.count, 4);
  assert.equal(lines.line(2), 'bb');
  assert.equal(lines.lineOf(4), 2);
  assert.deepEqual(lines.evidence('f', 4), { file: 'f', line: 4, snippet: 'ccc' });
  assert.deepEqual(lines.evidence('f', 3), { file: 'f', line: 3 });
  assert.equal(compact('a\n   b'), 'a b');
});

function lang(syntax: TaintLanguage['syntax'], name: string): TaintLanguage {
  return {
    lang: name,
    syntax,
    sources: [{ request: /^\.q\b/ }, { call: true, callee: 'readParam', markers: ['readParam'] }],
    sinks: [{ callee: ['run', '*.run'], kind: 'command', api: 'run', args: { positions: [0] } }],
    sanitizers: [{ callee: 'quote', kinds: ['command'] }],
    propagators: [{ callee: 'wrap', from: { positions: [0] } }],
    methodsPropagate: true,
  };
}

test('the engine is driven by the language object: sources, propagators, sanitisers, summaries', () => {
  const py = `def helper(cmd):
    run("x " + cmd)

def passthrough(v):
    return wrap(v)

def handler(req):
    a = req.q
    helper(passthrough(a))
    run(quote(a))
    b = readParam()
    sh.run(b.strip())
    run(unknown(a))
`;
  const root = parseSource('python', py);
  const hits = runTaint(lang(PY_SYNTAX, 'python'), { file: 'h.py', lines: new Lines(py), root, roleOf: (fn, parts) => ({ requestVars: parts.name === 'handler' ? ['req'] : [], route: parts.name === 'handler' ? 'POST /h' : undefined }) });
  assert.deepEqual(hits.map((h) => `${h.node.range().start.line + 1} ${h.functionName} ${h.source} ${h.route}`), ['2 helper req.q POST /h', '12 handler readParam() POST /h']);
  const steps = hits[0].steps.map((s) => s.line);
  assert.ok(steps.includes(8) && steps.includes(9), `the path has the source and the call into the helper: ${steps.join(',')}`);
  const go = `package main
func handler(w W, r *R) {
	v := r.q
	run(v)
}
`;
  const goHits = runTaint(lang(GO_SYNTAX, 'go'), { file: 'h.go', lines: new Lines(go), root: parseSource('go', go), roleOf: () => ({ requestVars: ['r'] }) });
  assert.deepEqual(goHits.map((h) => `${h.node.range().start.line + 1} ${h.api}`), ['4 run']);
});
