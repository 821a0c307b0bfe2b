import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeKillChains } from '../../analyze/graph/chains.js';
import type { KillChainAnalysis } from '../../analyze/graph/chains.js';
import { readAdvisoryDir } from '../../analyze/graph/advisories-fs.js';
import { scoreAdvisory } from '../../analyze/graph/advisory-edges.js';
import type { OsvAdvisory } from '../../analyze/graph/advisories.js';
import { modelSource } from '../../api/model.js';
import { chainHeadline } from '../../emit/attack-graph.js';
import { MODEL_SCHEMA } from '../../model/types.js';
import type { ThreatModel } from '../../model/types.js';
import { InputError, UsageError } from '../../util/errors.js';
import { progressReporter } from '../progress.js';
import type { Command, Io } from '../types.js';

const USAGE = `threatcode killchain <source|model.json> [--from <state>] [--to <target>] [--advisories <dir>] [--limit <n>] [--json]

Shows how findings combine: the most likely path from an attacker's starting point to each
high-value target (restricted data, admin rights, secrets, cluster control), ranked by combined
likelihood and target value, with the cheapest fix that breaks each chain.

  <source>            a directory or git URL to model first, or a model.json written by "threatcode model"
  --from <state>      start state: internet, user, repo, or any state id as a what-if (e.g. exec:api)
  --to <target>       only targets of this kind (data, admin, secrets, host, cluster, access, restricted),
                      this state id (e.g. data:db) or this component name
  --advisories <dir>  a folder of OSV .json advisories: vulnerable dependencies become edges
  --limit <n>         at most n chains (default 25)
  --json              print the chains (and the attack graph's size) as JSON

Exit codes: 0 ok (with or without chains), 2 usage or unreadable input.`;

const MAX_MODEL_BYTES = 256 * 1024 * 1024;

async function readModel(path: string): Promise<ThreatModel> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new InputError(path, 'not a file');
  if (info.size > MAX_MODEL_BYTES) throw new InputError(path, `larger than ${MAX_MODEL_BYTES} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(path, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const model = raw as Partial<ThreatModel> | null;
  if (!model || typeof model !== 'object' || model.schema !== MODEL_SCHEMA) throw new InputError(path, `not a threatcode model (expected "schema": "${MODEL_SCHEMA}")`);
  for (const key of ['components', 'flows', 'trustBoundaries', 'entryPoints', 'assets', 'dependencies', 'threats'] as const) {
    if (!Array.isArray(model[key])) throw new InputError(path, `"${key}" must be a list`);
  }
  return { mitigations: [], killChains: [], diagnostics: [], assumptions: [], ...model } as ThreatModel;
}

async function advisoriesFrom(dir: string | undefined, io: Io): Promise<OsvAdvisory[] | undefined> {
  if (!dir) return undefined;
  const loaded = await readAdvisoryDir(resolve(io.cwd, dir));
  for (const d of loaded.diagnostics) io.stderr.write(`threatcode killchain: warning: ${d.file ? `${d.file}: ` : ''}${d.message}\n`);
  return loaded.advisories;
}

function percent(value: number): string {
  return `${Math.max(1, Math.round(value * 100))}%`;
}

/** Replaces C0 and C1 control characters (escape sequences) with spaces. */
function printable(line: string): string {
  let out = '';
  for (const ch of line) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? ' ' : ch;
  }
  return out;
}

function renderText(model: ThreatModel, analysis: KillChainAnalysis, from: string | undefined, to: string | undefined): string {
  const out: string[] = [];
  const scope = `${from ? `from ${from}` : 'from internet, user or repo'}${to ? `, to ${to}` : ''}`;
  out.push(`threatcode: ${analysis.chains.length} kill chain${analysis.chains.length === 1 ? '' : 's'} for ${model.product.name} (${scope})`);
  out.push(`  attack graph: ${analysis.graph.states.size} states, ${analysis.graph.edges.length} edges${analysis.matches.length ? `, ${analysis.matches.length} vulnerable dependency matches` : ''}`);
  if (analysis.chains.length === 0) out.push('', 'No path from the entry state reaches a high-value target.');
  analysis.chains.forEach((chain, i) => {
    out.push('', `${i + 1}. ${chain.severity.toUpperCase()}${chain.escalation ? ' (escalation: worse than any single step)' : ''}  ${chain.entry} → ${chain.target}  likelihood ${percent(chain.likelihood)}`);
    out.push(`   ${chainHeadline(model, chain)}`);
    chain.steps.forEach((step, n) => out.push(`   ${n + 1}) ${step.from} → ${step.to}: ${step.description}`));
    out.push(`   ${chain.narrative}`);
    if (chain.breakWith) out.push(`   Break: ${chain.breakWith.description}`);
    if (chain.evidence.length) out.push(`   Evidence: ${chain.evidence.slice(0, 6).map((e) => `${e.file}:${e.line}`).join(', ')}`);
  });
  // Names come from the scanned repository: no terminal control sequences reach the screen.
  return `${out.map(printable).join('\n')}\n`;
}

export const command: Command = {
  name: 'killchain',
  summary: 'kill chains: how findings combine into paths to crown jewels',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        advisories: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('killchain needs exactly one <source|model.json>');
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a positive whole number');
    const advisories = await advisoriesFrom(values.advisories, io);
    const input = positionals[0];
    const isModel = input.toLowerCase().endsWith('.json');
    let model: ThreatModel;
    if (isModel) model = await readModel(resolve(io.cwd, input));
    else {
      const progress = progressReporter(io);
      const result = await modelSource({
        source: input.includes('://') || input.includes('@') ? input : resolve(io.cwd, input),
        env: io.env,
        onProgress: (p) => progress.update(p),
      });
      progress.done();
      model = result.model;
    }
    const analysis = analyzeKillChains(model, { advisories, from: values.from, to: values.to, limit });
    if (values.from && !analysis.graph.states.has(values.from)) {
      const known = [...analysis.graph.states.keys()].slice(0, 30).join(', ');
      throw new UsageError(`unknown start state ${values.from} (states of this model: ${known})`);
    }
    if (values.json) {
      const json = {
        product: model.product.name,
        from: values.from ?? null,
        to: values.to ?? null,
        graph: { states: analysis.graph.states.size, edges: analysis.graph.edges.length },
        advisories: analysis.matches.map((m) => {
          const component = model.components.find((c) => c.id === m.component);
          return { id: m.advisoryId, package: m.package, component: component?.name ?? m.component, impact: m.impact, reachability: m.reachability, ...(m.fixed ? { fixed: m.fixed } : {}), score: scoreAdvisory(m, component) };
        }),
        killChains: analysis.chains,
      };
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(renderText(model, analysis, values.from, values.to));
    return 0;
  },
};
