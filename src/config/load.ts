import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlias, isNode, LineCounter, parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';
import type { Diagnostic } from '../model/types.js';
import { readSourceFile } from '../walk/read.js';
import { emptyConfig } from './types.js';
import type { Config } from './types.js';
import { formatPath, validateConfig } from './validate.js';
import { estimateYamlDepth, MAX_YAML_DEPTH } from '../util/yaml-depth.js';
import type { ConfigPath } from './validate.js';

export const CONFIG_FILES = ['.threatcode.yml', '.threatcode.yaml'] as const;
export const MAX_CONFIG_BYTES = 256 * 1024;
/** A configuration has no business with more aliases than this (alias bombs have thousands). */
export const MAX_ALIASES = 100;

export interface LoadedConfig {
  config: Config;
  diagnostics: Diagnostic[];
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

function countAliases(doc: Document): number {
  let count = 0;
  visit(doc, {
    Alias() {
      count++;
      // Stop early: the count only has to prove the limit is exceeded.
      if (count > MAX_ALIASES) return visit.BREAK;
      return undefined;
    },
  });
  return count;
}

function lineOf(doc: Document, counter: LineCounter, path: ConfigPath): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && !isAlias(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Parses YAML text into plain data, reporting syntax errors; never throws. */
function parseYaml(text: string, problem: (message: string, line?: number) => void): { doc: Document; counter: LineCounter; data: unknown } | null {
  if (estimateYamlDepth(text) > MAX_YAML_DEPTH) {
    problem(`nested more than ${MAX_YAML_DEPTH} levels deep; the file is ignored`);
    return null;
  }
  const counter = new LineCounter();
  let doc: Document;
  try {
    // core schema: no custom or language-specific tags (!!js/function, !!python/object ...).
    doc = parseDocument(text, { schema: 'core', uniqueKeys: true, strict: true, prettyErrors: false, lineCounter: counter });
  } catch (error) {
    problem(`not valid YAML (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
  for (const error of doc.errors) problem(`YAML error: ${error.message.split('\n')[0]}`, counter.linePos(error.pos[0]).line);
  for (const warning of doc.warnings) problem(`YAML warning: ${warning.message.split('\n')[0]}`, counter.linePos(warning.pos[0]).line);
  if (doc.errors.length > 0) {
    // A half-understood file must not half-apply (a suppression list cut short, say).
    problem('the file has YAML errors and is ignored');
    return null;
  }
  if (countAliases(doc) > MAX_ALIASES) {
    problem(`more than ${MAX_ALIASES} YAML aliases (a resource-exhaustion "alias bomb"?); the file is ignored`);
    return null;
  }
  try {
    return { doc, counter, data: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (error) {
    // Excessive alias expansion, or nesting deep enough to exhaust the stack.
    problem(`cannot be read (${error instanceof Error ? error.message : String(error)}); the file is ignored`);
    return null;
  }
}

/**
 * Loads `.threatcode.yml` (or `.threatcode.yaml`) from the repository root. The file is read
 * like any repository file (size cap, no symlink escape), parsed as plain YAML (core schema,
 * unique keys, alias limits) and validated; every problem becomes a `config-error` diagnostic
 * naming the file, the JSON path and the line, and only the invalid part is dropped.
 */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const diagnostics: Diagnostic[] = [];
  const present: string[] = [];
  for (const name of CONFIG_FILES) if (await exists(join(root, name))) present.push(name);
  if (present.length === 0) return { config: emptyConfig(), diagnostics };
  const file = present[0];
  const problem = (message: string, line?: number, level: Diagnostic['level'] = 'warning'): void => {
    const diagnostic: Diagnostic = { level, code: 'config-error', message, file };
    if (line !== undefined) diagnostic.line = line;
    diagnostics.push(diagnostic);
  };
  for (const other of present.slice(1)) problem(`${other} is ignored because ${file} exists`);

  const readProblems: Diagnostic[] = [];
  const source = await readSourceFile(root, file, MAX_CONFIG_BYTES, readProblems);
  if (!source) {
    for (const p of readProblems) problem(`not read: ${p.message}`);
    return { config: emptyConfig(), diagnostics };
  }
  if (source.invalidUtf8) problem('not valid UTF-8; invalid bytes were replaced', undefined, 'info');
  const parsed = parseYaml(source.content, problem);
  if (!parsed) return { config: { ...emptyConfig(), source: file }, diagnostics };
  const found: { path: ConfigPath; message: string; line?: number }[] = [];
  const config = validateConfig(parsed.data, (path, message) => {
    found.push({ path, message, line: lineOf(parsed.doc, parsed.counter, path) });
  });
  // In file order, as a reader goes through it.
  found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  for (const f of found) problem(`${formatPath(f.path)}: ${f.message}`, f.line);
  config.source = file;
  return { config, diagnostics };
}
