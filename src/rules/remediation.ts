// Language-aware remediation: a rule may give one remediation template per language of the code
// it judges (`mitigation.remediationByLanguage`), so a finding in a Python, Go or Java file gets a
// fix in that language instead of the JavaScript default, and one per web framework
// (`remediationByFramework`), so a Koa or NestJS route is not told to add Express middleware.
import { fillTemplate } from '../analyze/grammar.js';
import type { Finding, RuleContext, RuleMeta } from './types.js';

/** Languages a remediation can be written for. */
export type CodeLanguage = 'javascript' | 'python' | 'go' | 'java' | 'kotlin' | 'csharp' | 'ruby' | 'php';

export const CODE_LANGUAGES: readonly CodeLanguage[] = ['javascript', 'python', 'go', 'java', 'kotlin', 'csharp', 'ruby', 'php'];

const BY_EXTENSION: Record<string, CodeLanguage> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'javascript', tsx: 'javascript', mts: 'javascript', cts: 'javascript', vue: 'javascript', svelte: 'javascript', ejs: 'javascript', hbs: 'javascript', pug: 'javascript',
  py: 'python', pyi: 'python',
  go: 'go',
  java: 'java', jsp: 'java',
  kt: 'kotlin', kts: 'kotlin',
  cs: 'csharp', cshtml: 'csharp', razor: 'csharp',
  rb: 'ruby', erb: 'ruby', haml: 'ruby', slim: 'ruby',
  php: 'php',
};

/** The language of a source file by its extension (`views/x.html.erb` → ruby), if it is code. */
export function codeLanguageOf(file: string): CodeLanguage | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXTENSION[name.slice(dot + 1)];
}

/** The template a rule gives for a language; Kotlin falls back to Java's (same libraries). */
export function remediationTemplate(meta: RuleMeta, language: CodeLanguage | undefined): string | undefined {
  const map = meta.mitigation.remediationByLanguage;
  if (!map || !language) return undefined;
  return map[language] ?? (language === 'kotlin' ? map.java : undefined);
}

/**
 * The finding with its remediation in the language of its first evidence. A per-language template
 * wins over a finding's own remediation outside JavaScript (taint rules write their concrete fixes
 * in JavaScript); in JavaScript it only fills a missing remediation.
 */
export function localiseRemediation(meta: RuleMeta, ctx: RuleContext, finding: Finding): Finding {
  const primary = finding.evidence[0];
  if (!primary) return finding;
  const language = codeLanguageOf(primary.file);
  const entry = ctx.entryPointAt(primary.file, primary.line);
  // The framework from the first evidence line that registers a route (a CSRF finding cites the
  // session configuration first, then the route).
  const framework = meta.mitigation.remediationByFramework ? finding.evidence.map((e) => ctx.entryPointAt(e.file, e.line)?.framework).find(Boolean) : undefined;
  const template = (framework ? meta.mitigation.remediationByFramework?.[framework] : undefined) ?? remediationTemplate(meta, language);
  if (template === undefined || (language === 'javascript' && finding.remediation)) return finding;
  const data: Record<string, string> = {
    component: ctx.componentOf(primary.file)?.name ?? 'the system',
    file: primary.file,
    line: String(primary.line),
    route: entry ? `${entry.method ?? ''} ${entry.path ?? ''}`.trim() : '',
    ...finding.data,
  };
  return { ...finding, remediation: fillTemplate(template, data) };
}
