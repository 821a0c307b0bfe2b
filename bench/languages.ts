// Per-language extraction speed (DESIGN §5: model build within 2x of the parse floor, 10 MB/s).
//
//   node --import tsx bench/languages.ts [--corpus bench/corpora/netbox ...] [--runs 2] [--generate]
//
// For each polyglot language with files in the corpora (Python, Go, Java, Kotlin, C#, Ruby, PHP),
// it times:
//   parse floor  ast-grep parsing every file the extractors would read, nothing else;
//   extraction   every registered extractor over those files (the shared parse included), as
//                src/api/pipeline.ts runs them, then the link steps;
// in CPU time of this process (steadier than wall time when the machine is shared), and prints
// MB/s and the ratio extraction / parse floor. The best of --runs is kept (the first
// run also warms up the JIT). Without corpora (they are fetched into the git-ignored
// bench/corpora/) or with --generate it builds a synthetic Flask + gin corpus instead.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { extractFile, linkFacts } from '../src/extract/engine.js';
import { extractors } from '../src/extract/registry.js';
import { parseSource } from '../src/extract/_polyglot/parse.js';
import type { PolyglotLanguage } from '../src/extract/_polyglot/lang.js';
import type { Fact } from '../src/model/types.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', multiple: true },
    runs: { type: 'string', default: '2' },
    lang: { type: 'string', multiple: true },
    // Writes every language's linked facts to <dir>/<lang>.json, to check that a speed change
    // leaves the results alone (diff the dumps of two versions).
    dump: { type: 'string' },
    generate: { type: 'boolean', default: false },
  },
});

const DEFAULT_CORPORA = [
  'netbox',
  'minio',
  'microservices-demo',
  'opentelemetry-demo',
  'gin-realworld',
  'mall',
  'spring-petclinic-kotlin',
  'eShop',
  'bitwarden-server',
  'openstreetmap-website',
  'rubygems.org',
  'koel',
  'BookStack',
].map((n) => `bench/corpora/${n}`);
const LANGUAGES: { lang: PolyglotLanguage; ext: string }[] = [
  { lang: 'python', ext: '.py' },
  { lang: 'go', ext: '.go' },
  { lang: 'java', ext: '.java' },
  { lang: 'kotlin', ext: '.kt' },
  { lang: 'csharp', ext: '.cs' },
  { lang: 'ruby', ext: '.rb' },
  { lang: 'php', ext: '.php' },
];
const SKIP = new Set(['.git', 'node_modules', 'vendor', '.venv', 'venv', 'dist', 'build']);

function walk(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (SKIP.has(name)) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (st.size <= 1024 * 1024) out.push(full);
  }
  return out;
}

function generate(): string {
  const root = mkdtempSync(join(tmpdir(), 'tc-lang-bench-'));
  mkdirSync(join(root, 'py'), { recursive: true });
  mkdirSync(join(root, 'go'), { recursive: true });
  for (let i = 0; i < 400; i++) {
    writeFileSync(
      join(root, 'py', `views${i}.py`),
      `import os, subprocess\nfrom flask import Blueprint, request, abort\nfrom flask_login import login_required\nbp = Blueprint("b${i}", __name__, url_prefix="/b${i}")\n\n` +
        Array.from({ length: 15 }, (_, j) => `@bp.route("/items/<int:item_id>/${j}", methods=["GET", "POST"])\n@login_required\ndef view_${j}(item_id):\n    q = request.args.get("q", "")\n    if not q:\n        abort(400)\n    rows = db.execute("SELECT * FROM t WHERE id = ?", (item_id,)).fetchall()\n    name = q.strip().lower()\n    return {"rows": rows, "name": name}\n\n\ndef helper_${j}(value):\n    parts = [p for p in value.split(",") if p]\n    return ",".join(sorted(parts))\n\n`).join(''),
    );
    writeFileSync(
      join(root, 'go', `handlers${i}.go`),
      `package api\n\nimport (\n\t"database/sql"\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)\n\nvar db${i} *sql.DB\n\nfunc Register${i}(r *gin.RouterGroup) {\n` +
        Array.from({ length: 15 }, (_, j) => `\tr.GET("/items${i}/:id/${j}", get${i}_${j})\n`).join('') +
        `}\n\n` +
        Array.from({ length: 15 }, (_, j) => `func get${i}_${j}(c *gin.Context) {\n\tid := c.Param("id")\n\trows, err := db${i}.Query("SELECT * FROM t WHERE id = $1", id)\n\tif err != nil {\n\t\tc.AbortWithStatus(http.StatusInternalServerError)\n\t\treturn\n\t}\n\tdefer rows.Close()\n\tc.JSON(http.StatusOK, gin.H{"ok": true})\n}\n\n`).join(''),
    );
  }
  return root;
}

interface Row {
  lang: string;
  files: number;
  bytes: number;
  parseMs: number;
  extractMs: number;
  linkMs: number;
  facts: number;
  linked: Fact[];
}

/** CPU time of this process in ms (user + system): steadier than wall time on a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function measure(lang: PolyglotLanguage, files: { path: string; content: string }[], runs: number): Row {
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  let parseMs = Infinity;
  let extractMs = Infinity;
  let linkMs = Infinity;
  let linked: Fact[] = [];
  for (let r = 0; r < runs; r++) {
    let t = cpuMs();
    for (const f of files) parseSource(lang, f.content);
    parseMs = Math.min(parseMs, cpuMs() - t);
    t = cpuMs();
    const all: Fact[] = [];
    for (const f of files) all.push(...extractFile(f, extractors.filter((e) => e.matches(f.path))).facts);
    extractMs = Math.min(extractMs, cpuMs() - t);
    t = cpuMs();
    linked = linkFacts(all, extractors);
    linkMs = Math.min(linkMs, cpuMs() - t);
  }
  return { lang, files: files.length, bytes, parseMs, extractMs, linkMs, facts: linked.length, linked };
}

const runs = Math.max(1, Number(values.runs));
let roots = values.generate ? [] : (values.corpus ?? DEFAULT_CORPORA);
let generated: string | undefined;
let corpusFiles = roots.flatMap((root) => walk(root, []).map((full) => ({ root, full })));
if (!LANGUAGES.some((l) => corpusFiles.some((f) => f.full.endsWith(l.ext)))) {
  generated = generate();
  roots = [generated];
  corpusFiles = walk(generated, []).map((full) => ({ root: generated as string, full }));
}
console.log(`corpora: ${generated ? 'generated (400 Flask + 400 gin files)' : roots.join(', ')}; best of ${runs} runs\n`);
console.log('| language | files | MB | parse floor (CPU ms) | extraction (CPU ms) | link (CPU ms) | MB/s (CPU) | extraction / parse | facts |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { lang, ext } of LANGUAGES) {
  if (values.lang && !values.lang.includes(lang)) continue;
  const files = corpusFiles
    .filter((f) => f.full.endsWith(ext))
    .map((f) => ({ path: relative(f.root, f.full).split('\\').join('/'), content: readFileSync(f.full, 'utf8') }))
    .filter((f) => extractors.some((e) => e.matches(f.path)));
  if (files.length === 0) continue;
  const row = measure(lang, files, runs);
  const mb = row.bytes / 1e6;
  if (values.dump) {
    mkdirSync(values.dump, { recursive: true });
    writeFileSync(join(values.dump, `${lang}.json`), row.linked.map((f) => JSON.stringify(f)).join('\n') + '\n');
  }
  console.log(`| ${row.lang} | ${row.files} | ${mb.toFixed(2)} | ${row.parseMs.toFixed(0)} | ${row.extractMs.toFixed(0)} | ${row.linkMs.toFixed(0)} | ${(mb / ((row.extractMs + row.linkMs) / 1000)).toFixed(1)} | ${(row.extractMs / row.parseMs).toFixed(2)} | ${row.facts} |`);
}
if (generated) rmSync(generated, { recursive: true, force: true });
