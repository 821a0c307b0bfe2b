// Helm charts, read statically: Chart.yaml, values.yaml and templates/ are collected per file, and
// the link step renders each chart's templates with its default values (template.ts: no code is
// run, unknown expressions render as nothing) and reads the result as Kubernetes manifests.
import { posix } from 'node:path';
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { manifestFacts } from '../kubernetes/index.js';
import { parseYaml, toPlain } from '../_lib/yaml.js';
import { errorMessage, isRecord, text } from '../_lib/yaml-path.js';
import { collectDefines, renderTemplate } from './template.js';

const TEMPLATE = /(?:^|\/)templates\/(?:[^/]+\/)*[^/]+\.(?:ya?ml|tpl)$/i;
/** Values files larger than this are not carried to the link step. */
const MAX_VALUES_JSON = 256 * 1024;
const MAX_TEMPLATE = 256 * 1024;

const INTERNAL = new Set(['helm-chart', 'helm-values', 'helm-template']);

function chartDirOfTemplate(path: string): string {
  const i = path.lastIndexOf('/templates/');
  return i < 0 ? '.' : path.slice(0, i) || '.';
}

function loadPlain(file: SourceFile, ctx: ExtractContext): unknown {
  try {
    const parsed = parseYaml(file, ctx);
    const [first] = parsed.errors;
    if (first) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${first.message}`, line: first.line });
      return undefined;
    }
    return parsed.documents[0] ? toPlain(parsed.documents[0]) : undefined;
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${errorMessage(error)}` });
    return undefined;
  }
}

function internal(file: string, setting: string, values: ConfigFact['values']): Omit<ConfigFact, 'extractor'> {
  return { kind: 'config', setting, values, evidence: { file, line: 1 }, key: `${file}#${setting}` };
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  const name = posix.basename(file.path);
  const dir = posix.dirname(file.path);
  if (name === 'Chart.yaml') {
    const chart = loadPlain(file, ctx);
    if (!isRecord(chart) || !text(chart.name)) return null;
    return [internal(file.path, 'helm-chart', { dir, name: text(chart.name) ?? '', version: text(chart.version) ?? '', appVersion: text(chart.appVersion) ?? '' })];
  }
  if (name === 'values.yaml' || name === 'values.yml') {
    const values = loadPlain(file, ctx);
    const json = JSON.stringify(isRecord(values) ? values : {});
    if (json.length > MAX_VALUES_JSON) {
      ctx.diagnostic({ level: 'info', code: 'skipped-size', message: 'Helm values too large to render templates with; defaults are left unresolved' });
      return [internal(file.path, 'helm-values', { dir, json: '{}' })];
    }
    return [internal(file.path, 'helm-values', { dir, json })];
  }
  if (TEMPLATE.test(file.path) && file.content.length <= MAX_TEMPLATE) {
    return [internal(file.path, 'helm-template', { chart: chartDirOfTemplate(file.path), text: file.content, helper: name.endsWith('.tpl') || name.startsWith('_') })];
  }
  return null;
}

const silent: ExtractContext = { parse: (_parser, build) => build(), diagnostic: () => undefined };

function parseValues(json: unknown): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(String(json ?? '{}'));
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** Renders every chart found among the facts and replaces the collected files by manifest facts. */
export function linkHelm(facts: Fact[]): Fact[] {
  const collected = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.extractor === 'iac/helm' && INTERNAL.has(f.setting));
  if (collected.length === 0) return facts;
  const charts = collected.filter((f) => f.setting === 'helm-chart');
  const templates = collected.filter((f) => f.setting === 'helm-template');
  const templateFiles = new Set<string>();
  const produced: Fact[] = [];
  for (const chart of charts) {
    const dir = String(chart.values.dir);
    const mine = templates.filter((t) => t.values.chart === dir);
    const values = parseValues(collected.find((f) => f.setting === 'helm-values' && f.values.dir === dir)?.values.json);
    const chartInfo = { Name: chart.values.name, Version: chart.values.version, AppVersion: chart.values.appVersion };
    const root = { Values: values, Chart: chartInfo, Release: { Name: chart.values.name, Namespace: '', Service: 'Helm' }, Capabilities: {}, Template: {} };
    const defines = new Map<string, string>();
    for (const t of mine) {
      try {
        collectDefines(String(t.values.text), defines);
      } catch {
        // Helpers this reader cannot follow are simply not available to include.
      }
    }
    for (const t of mine) {
      templateFiles.add(t.evidence.file);
      if (t.values.helper === true) continue;
      try {
        const rendered = renderTemplate({ text: String(t.values.text), root, defines });
        const parsed = parseYaml({ path: t.evidence.file, content: rendered.text }, silent);
        if (parsed.errors.length > 0) continue;
        for (const fact of manifestFacts(t.evidence.file, parsed, 'helm', rendered.lineOf, { chart: String(chart.values.name) })) {
          produced.push({ ...fact, extractor: 'iac/helm', key: fact.key ?? `${t.evidence.file}#helm` } as Fact);
        }
      } catch {
        // A template this reader cannot follow gives no facts; the rest of the chart still counts.
      }
    }
  }
  // Plain-manifest readings of chart templates (files without template actions) would be duplicates.
  const kept = facts.filter((f) => !collected.includes(f as ConfigFact) && !(f.extractor === 'iac/kubernetes' && templateFiles.has(f.evidence.file)));
  return [...kept, ...produced];
}

export const extractor: Extractor = {
  id: 'iac/helm',
  title: 'Helm charts',
  matches: (path) => /(?:^|\/)Chart\.yaml$/.test(path) || /(?:^|\/)values\.ya?ml$/.test(path) || TEMPLATE.test(path),
  extract,
  link: linkHelm,
};
