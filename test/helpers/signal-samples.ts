// Test support for extractor signals: runs an extractor with its signals ignored over every code
// sample this repository holds, and lists the files it draws facts from that contain none of its
// signals (there must be none: a signal list may only skip files that give nothing). Samples are
// the fixture apps and examples (each file at its path inside its app, as a scan would see it) and
// the inline files of the extractor tests (`{ 'src/db.js': \`...\` }`), which exercise the most
// code paths.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { parseSync } from 'oxc-parser';
import { extractFile } from '../../src/extract/engine.js';
import type { Extractor, SourceFile } from '../../src/extract/types.js';
import { propertyKey, stringValue, walk } from '../../src/extract/js/_lib/ast.js';
import { runExtractor } from '../../src/extract/testing.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const CODE = /\.(?:[cm]?[jt]sx?|vue|svelte|prisma)$/;

export interface Sample extends SourceFile {
  /** Where the sample comes from, for messages. */
  origin: string;
}

function appFiles(dir: string, appRoot: string | undefined, out: Sample[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) appFiles(full, appRoot ?? (/(^|\.)fixtures?$/.test(name) ? full : undefined), out);
    else if (appRoot && CODE.test(name)) out.push({ origin: relative(ROOT, full), path: relative(appRoot, full), content: readFileSync(full, 'utf8') });
  }
}

function testFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) testFiles(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** `'path.js': 'code'` properties of the extractor tests. */
function inlineFiles(out: Sample[]): void {
  for (const test of testFiles(join(ROOT, 'src/extract'), [])) {
    const { program } = parseSync(test, readFileSync(test, 'utf8'), { sourceType: 'module' });
    walk(program, (node) => {
      if (node.type !== 'Property') return;
      const path = propertyKey(node);
      const content = path && CODE.test(path) ? stringValue(node.value) : undefined;
      if (path && content !== undefined) out.push({ origin: `${relative(ROOT, test)} '${path}'`, path, content });
    });
  }
}

let samples: Sample[] | undefined;

export function signalSamples(): Sample[] {
  if (!samples) {
    samples = [];
    appFiles(join(ROOT, 'src'), undefined, samples);
    for (const app of readdirSync(join(ROOT, 'examples'))) {
      if (statSync(join(ROOT, 'examples', app)).isDirectory()) appFiles(join(ROOT, 'examples', app), join(ROOT, 'examples', app), samples);
    }
    inlineFiles(samples);
  }
  return samples;
}

/** Samples the extractor (signals ignored) draws facts from, and those of them without a signal. */
export function checkSignals(extractor: Extractor): { withFacts: number; unsignalled: string[] } {
  const signals = extractor.signals ?? [];
  const unsignalled: string[] = [];
  let withFacts = 0;
  for (const sample of signalSamples()) {
    if (!extractor.matches(sample.path)) continue;
    if (extractFile(sample, [{ ...extractor, signals: undefined }]).facts.length === 0) continue;
    withFacts++;
    if (!signals.some((s) => sample.content.includes(s))) unsignalled.push(sample.origin);
  }
  return { withFacts, unsignalled };
}

/**
 * The two tests every signalled extractor has: its signals occur in every sample it draws facts from
 * (with signals ignored), and each file of `waysIn` (one way in each, holding a single signal)
 * still gives facts with signals applied. Call inside the extractor's `describe`.
 */
export function signalTests(extractor: Extractor, waysIn: Record<string, string> = {}): void {
  it('occur in every sample file the extractor draws facts from (signals ignored)', () => {
    const { withFacts, unsignalled } = checkSignals(extractor);
    assert.ok(withFacts >= 10, `expected facts from the samples, got ${withFacts} files`);
    assert.deepEqual(unsignalled, []);
  });

  if (Object.keys(waysIn).length === 0) return;
  it('let each way in through', () => {
    for (const [path, content] of Object.entries(waysIn)) {
      assert.ok(runExtractor(extractor, { [path]: content }).facts.length > 0, path);
    }
  });
}
