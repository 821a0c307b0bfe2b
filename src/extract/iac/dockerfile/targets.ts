// Which folders of the repository each named stage of a multi-stage Dockerfile builds: what a
// Compose service with `build: { context: ., dockerfile: prod.Dockerfile, target: backend }` runs.
// One `COPY . /usr/src/app` puts the build context at /usr/src/app; the folders a stage then works
// in or copies from (`WORKDIR /usr/src/app/packages/api`, `COPY --from=builder
// /usr/src/app/packages/api/dist …`), through every stage it inherits or copies from, are the
// source folders of that target. Only folders below the context's root count.
import { posix } from 'node:path';
import type { Instruction, ParsedDockerfile } from './parse.js';
import { splitWords } from './parse.js';
import type { Stage, StageGraph } from './stages.js';
import { chainOf } from './stages.js';

/** Container folders a stage chain works in, in order: WORKDIR resolves relative to the one before. */
function workdirs(stage: Stage, escape: string): { at: Instruction; dir: string }[] {
  const out: { at: Instruction; dir: string }[] = [];
  let dir = '/';
  for (const ins of chainOf(stage).flatMap((s) => s.body)) {
    if (ins.keyword !== 'WORKDIR') continue;
    const target = splitWords(ins.args, escape)[0] ?? '';
    if (target === '' || target.includes('$')) continue;
    dir = posix.resolve(dir, target);
    out.push({ at: ins, dir });
  }
  return out;
}

/** The container folder where `COPY . <dest>` put the whole build context, if a stage did. */
function contextRoot(graph: StageGraph, parsed: ParsedDockerfile): string | undefined {
  for (const stage of graph.stages) {
    let dir = '/';
    for (const ins of chainOf(stage).flatMap((s) => s.body)) {
      if (ins.keyword === 'WORKDIR') {
        const target = splitWords(ins.args, parsed.escape)[0] ?? '';
        if (!target.includes('$')) dir = posix.resolve(dir, target);
      } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.flags.from === undefined) {
        const words = ins.json ?? splitWords(ins.args, parsed.escape);
        if (words.length === 2 && (words[0] === '.' || words[0] === './') && !words[1].includes('$')) return posix.resolve(dir, words[1]);
      }
    }
  }
  return undefined;
}

/** The stages a target needs: its chain and, transitively, the stages it copies from. */
function neededStages(target: Stage, graph: StageGraph): Stage[] {
  const seen = new Set<number>();
  const queue = [target];
  const out: Stage[] = [];
  while (queue.length > 0) {
    const stage = queue.pop()!;
    for (const s of chainOf(stage)) {
      if (seen.has(s.index)) continue;
      seen.add(s.index);
      out.push(s);
      for (const ins of s.body) {
        const from = ins.flags.from?.toLowerCase();
        const source = from === undefined ? undefined : graph.stages.find((g) => g.name === from || String(g.index) === from);
        if (source) queue.push(source);
      }
    }
  }
  return out;
}

/**
 * For each named stage that runs something (CMD/ENTRYPOINT in its chain), the repository folders
 * it builds, outermost only (`packages/web`, not also `packages/web/server`). JSON, for the
 * Compose link step; undefined when the Dockerfile never copies the whole context.
 */
export function targetSources(graph: StageGraph, parsed: ParsedDockerfile): string | undefined {
  if (graph.stages.length < 2) return undefined;
  const root = contextRoot(graph, parsed);
  if (!root) return undefined;
  const relative = (dir: string): string | undefined => {
    const rel = posix.relative(root, dir);
    return rel === '' || rel.startsWith('..') || posix.isAbsolute(rel) ? undefined : rel;
  };
  const out: Record<string, string[]> = {};
  for (const stage of graph.stages) {
    if (!stage.name) continue;
    const dirs = new Set<string>();
    for (const s of neededStages(stage, graph)) {
      for (const w of workdirs(s, parsed.escape)) {
        const rel = relative(w.dir);
        if (rel) dirs.add(rel);
      }
    }
    for (const ins of chainOf(stage).flatMap((s) => s.body)) {
      if (ins.keyword !== 'COPY' || ins.flags.from === undefined) continue;
      const words = ins.json ?? splitWords(ins.args, parsed.escape);
      for (const src of words.slice(0, -1)) {
        const rel = posix.isAbsolute(src) ? relative(src) : undefined;
        // A file (`…/prod_run.mjs`) says its folder; a folder says itself.
        if (rel) dirs.add(posix.extname(rel) ? posix.dirname(rel) : rel);
      }
    }
    const outer = [...dirs].filter((d) => d !== '.' && ![...dirs].some((o) => o !== d && o !== '.' && d.startsWith(`${o}/`))).sort();
    if (outer.length > 0) out[stage.name] = outer;
  }
  return Object.keys(out).length > 0 ? JSON.stringify(out) : undefined;
}
