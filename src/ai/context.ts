// What one component's enrichment request contains: the model's facts about the component (entry
// points, flows, data, existing threats) and excerpts of the code those facts cite. Pure: file
// contents come in through a lookup. Code is redacted, size-bounded, and lines that address an AI
// are withheld. The excerpt windows are also the whitelist of lines an answer may cite.
import type { Component, Diagnostic, ThreatModel } from '../model/types.js';
import { componentOfFile } from '../mcp/patch/apply.js';
import { redactText } from '../util/secrets.js';
import { looksLikeInjection, WITHHELD } from './injection.js';

/** Lines before and after a cited line that an excerpt shows. */
const BEFORE = 12;
const AFTER = 24;
/** Code characters per component (~6k tokens at 4 characters a token). */
export const MAX_CODE_CHARS = 24_000;
const MAX_LINE_CHARS = 240;
const MAX_ENTRY_POINTS = 60;
const MAX_FLOWS = 40;
const MAX_THREATS = 60;

export const CODE_KINDS = new Set<Component['kind']>(['service', 'frontend', 'function']);

export interface Excerpt {
  file: string;
  /** 1-based, inclusive. */
  start: number;
  end: number;
  /** Redacted lines start..end (withheld ones replaced). */
  lines: string[];
}

export interface ExistingThreat {
  id: string;
  ruleId: string;
  title: string;
  severity: string;
  status: string;
  cwe: string[];
  evidence: string[];
}

export interface ComponentContext {
  component: Component;
  /** Facts as plain JSON-able data (sent to the model as JSON). */
  facts: {
    component: { id: string; name: string; kind: string; tech: string[]; language?: string; exposure: string; trustZone: string; paths: string[] };
    entryPoints: { id: string; method?: string; path?: string; kind: string; auth: string; middleware: string[]; handler?: string; exposure: string }[];
    flows: { direction: 'out' | 'in'; peer: string; protocol: string; authenticated: string; encrypted: string; data: string[] }[];
    data: { name: string; classification: string; categories: string[] }[];
    existingThreats: ExistingThreat[];
  };
  excerpts: Excerpt[];
  /** Lines replaced by WITHHELD, for diagnostics. */
  withheld: { file: string; line: number }[];
}

const at = (e: { file: string; line: number }) => `${e.file}:${e.line}`;

/** Threats about a component: it is an element, or their evidence lies in its files. */
export function threatsOf(model: ThreatModel, component: Component) {
  const entryIds = new Set(model.entryPoints.filter((e) => e.component === component.id).map((e) => e.id));
  return model.threats.filter((t) => t.elements.some((id) => id === component.id || entryIds.has(id)) || t.evidence.some((e) => componentOfFile(model.components, e.file)?.id === component.id));
}

function citedLines(model: ThreatModel, component: Component): { file: string; line: number }[] {
  const inComponent = (file: string) => componentOfFile(model.components, file)?.id === component.id;
  const cited: { file: string; line: number }[] = [];
  for (const t of threatsOf(model, component)) for (const e of t.evidence) if (inComponent(e.file)) cited.push(e);
  for (const ep of model.entryPoints.filter((e) => e.component === component.id)) {
    if (ep.handler && inComponent(ep.handler.file)) cited.push(ep.handler);
    for (const e of ep.evidence) if (inComponent(e.file)) cited.push(e);
  }
  for (const f of model.flows.filter((x) => x.from === component.id || x.to === component.id)) for (const e of f.evidence) if (inComponent(e.file)) cited.push(e);
  for (const e of component.evidence) if (inComponent(e.file)) cited.push(e);
  const seen = new Set<string>();
  return cited
    .filter((e) => !seen.has(at(e)) && seen.add(at(e)))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** Merged windows per file, cut off when the character budget is spent. */
function excerptsFor(cited: { file: string; line: number }[], read: (file: string) => string | undefined, maxChars: number): { excerpts: Excerpt[]; withheld: { file: string; line: number }[] } {
  const windows: { file: string; start: number; end: number }[] = [];
  for (const c of cited) {
    const last = windows[windows.length - 1];
    const start = Math.max(1, c.line - BEFORE);
    if (last && last.file === c.file && start <= last.end + 1) last.end = Math.max(last.end, c.line + AFTER);
    else windows.push({ file: c.file, start, end: c.line + AFTER });
  }
  const excerpts: Excerpt[] = [];
  const withheld: { file: string; line: number }[] = [];
  let used = 0;
  for (const w of windows) {
    const content = read(w.file);
    if (content === undefined) continue;
    const all = content.split(/\r?\n/);
    const end = Math.min(w.end, all.length);
    if (w.start > end) continue;
    const lines: string[] = [];
    const hidden: { file: string; line: number }[] = [];
    for (let n = w.start; n <= end; n++) {
      const raw = all[n - 1].slice(0, MAX_LINE_CHARS);
      if (looksLikeInjection(raw)) {
        hidden.push({ file: w.file, line: n });
        lines.push(WITHHELD);
      } else lines.push(redactText(raw));
    }
    const size = lines.reduce((sum, l) => sum + l.length + 8, 0);
    if (used + size > maxChars) break;
    used += size;
    withheld.push(...hidden);
    excerpts.push({ file: w.file, start: w.start, end, lines });
  }
  return { excerpts, withheld };
}

export function buildContext(model: ThreatModel, component: Component, read: (file: string) => string | undefined, maxChars = MAX_CODE_CHARS): ComponentContext {
  const names = new Map(model.components.map((c) => [c.id, c.name]));
  const zone = model.trustBoundaries.find((b) => b.id === component.trustZone)?.name ?? component.trustZone;
  const entryPoints = model.entryPoints.filter((e) => e.component === component.id).slice(0, MAX_ENTRY_POINTS);
  const flows = model.flows.filter((f) => f.from === component.id || f.to === component.id).slice(0, MAX_FLOWS);
  const storeIds = new Set(flows.map((f) => (f.from === component.id ? f.to : f.from)));
  const threats = threatsOf(model, component).slice(0, MAX_THREATS);
  const { excerpts, withheld } = excerptsFor(citedLines(model, component), read, maxChars);
  return {
    component,
    facts: {
      component: { id: component.id, name: component.name, kind: component.kind, tech: component.tech, ...(component.language ? { language: component.language } : {}), exposure: component.exposure, trustZone: zone, paths: component.paths },
      entryPoints: entryPoints.map((e) => ({ id: e.id, ...(e.method ? { method: e.method } : {}), ...(e.path ? { path: e.path } : {}), kind: e.kind, auth: e.auth, middleware: e.middleware, ...(e.handler ? { handler: at(e.handler) } : {}), exposure: e.exposure })),
      flows: flows.map((f) => ({ direction: f.from === component.id ? 'out' : 'in', peer: names.get(f.from === component.id ? f.to : f.from) ?? 'unknown', protocol: f.protocol, authenticated: String(f.authenticated), encrypted: String(f.encrypted), data: f.data })),
      data: model.assets.filter((a) => a.storedIn.some((s) => storeIds.has(s) || s === component.id)).map((a) => ({ name: a.name, classification: a.classification, categories: a.categories })),
      existingThreats: threats.map((t) => ({ id: t.id, ruleId: t.ruleId, title: t.title, severity: t.severity, status: t.status, cwe: t.cwe, evidence: t.evidence.slice(0, 3).map(at) })),
    },
    excerpts,
    withheld,
  };
}

/** True when file:line is a line the request showed (inside an excerpt, not withheld). */
export function isShown(context: ComponentContext, file: string, line: number): boolean {
  return context.excerpts.some((x) => x.file === file && line >= x.start && line <= x.end && x.lines[line - x.start] !== WITHHELD);
}

export function withheldDiagnostics(context: ComponentContext): Diagnostic[] {
  return context.withheld.map((w) => ({
    level: 'warning',
    code: 'ai-prompt-injection',
    message: `text addressed to an AI assistant in scanned code; withheld from the LLM and ignored (component ${context.component.name})`,
    file: w.file,
    line: w.line,
  }));
}
