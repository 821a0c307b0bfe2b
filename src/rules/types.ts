import type {
  Asset,
  Component,
  Controls,
  EntryPoint,
  Evidence,
  Fact,
  FactKind,
  FactOf,
  Flow,
  Level,
  StrideLetter,
  TrustBoundary,
} from '../model/types.js';
import { localiseRemediation, type CodeLanguage } from './remediation.js';

/**
 * Grammar templates (AWS threat grammar). `{{name}}` placeholders are filled from the finding's
 * `data`, plus `{{component}}` (the first element's name) and `{{file}}`/`{{line}}` of the evidence.
 */
export interface GrammarTemplate {
  threatSource: string;
  prerequisites: string;
  threatAction: string;
  threatImpact: string;
  impactedGoal: ('confidentiality' | 'integrity' | 'availability' | 'accountability' | 'authenticity')[];
  impactedAssets: string[];
}

export interface RuleMeta {
  /** Kebab-case, equal to the file name. */
  id: string;
  /** Pack the rule belongs to (folder name): web, iac, core... */
  pack: string;
  title: string;
  description: string;
  stride: StrideLetter[];
  cwe: string[];
  capec: string[];
  attack: string[];
  owasp: string[];
  likelihood: Level;
  impact: Level;
  confidence: Level;
  /** Architectural rules judge model elements, not code lines. */
  architectural?: boolean;
  grammar: GrammarTemplate;
  mitigation: {
    title: string;
    content: string;
    controls: Controls;
    /** Concrete change at the evidence location; may use the same placeholders as the grammar. */
    remediation: string;
    /**
     * The same change written for the language of the evidence file (same placeholders). Outside
     * JavaScript it replaces the finding's own remediation; Kotlin falls back to `java`.
     */
    remediationByLanguage?: Partial<Record<CodeLanguage, string>>;
    /**
     * The same change written for the web framework of the entry point the finding sits on
     * (`koa`, `fastify`, `nestjs`, `hapi`, …: the entry point's `framework`); it wins over the
     * language's template, with the same placeholders, where the framework has its own middleware.
     */
    remediationByFramework?: Partial<Record<string, string>>;
  };
  references: string[];
}

/** What a rule reports; the engine turns it into a Threat with a stable id. */
export interface Finding {
  /** Stable locator without line numbers; with the rule id it makes the threat id. */
  key: string;
  /** Model element ids (components, flows, entry points...) the threat is about. */
  elements?: string[];
  evidence: Evidence[];
  data?: Record<string, string>;
  confidence?: Level;
  /**
   * Overrides the rule's likelihood for this finding, when a rule covers weaknesses that differ in
   * what an attacker needs first (session fixation needs a cookie planted in the victim's browser).
   */
  likelihood?: Level;
  /**
   * Overrides the rule's impact for this finding, when what the weakness gives an attacker differs
   * by case (a lookup that only answers "exists?" discloses far less than one whose records are returned).
   */
  impact?: Level;
  /** Overrides the rule's remediation template. */
  remediation?: string;
  /** Overrides the grammar's threat source, when the finding shows who can reach it (an authenticated administrator). */
  threatSource?: string;
  /**
   * The rule's CWEs this finding is an instance of, when a rule covers several weaknesses (a
   * session rule: fixation, literal secret, cookie flags). Scoring and outputs then use only these.
   */
  cwe?: string[];
  /**
   * The authentication in front of a finding that no entry point is linked to. `unknown`: request
   * data reaches the weakness but its route could not be linked, so the score must not assume the
   * route is open to anyone (nor that it is reachable at all).
   */
  routeAuth?: 'unknown';
}

/** The built system, read-only for rules. */
export interface SystemView {
  components: readonly Component[];
  flows: readonly Flow[];
  trustBoundaries: readonly TrustBoundary[];
  entryPoints: readonly EntryPoint[];
  assets: readonly Asset[];
}

export interface RuleContext {
  readonly system: SystemView;
  readonly facts: readonly Fact[];
  factsOf<K extends FactKind>(kind: K): readonly FactOf<K>[];
  /** The component (service, frontend, function) whose source folder holds the file. */
  componentOf(file: string): Component | undefined;
  component(id: string): Component | undefined;
  /** The entry point whose handler or registration is at this file:line, if any. */
  entryPointAt(file: string, line: number): EntryPoint | undefined;
  report(finding: Finding): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/**
 * A rule; with `remediationByLanguage` or `remediationByFramework`, its findings get the remediation
 * of their file's language or their route's framework.
 */
export function defineRule(rule: Rule): Rule {
  const { meta, check } = rule;
  if (!meta.mitigation.remediationByLanguage && !meta.mitigation.remediationByFramework) return rule;
  return { meta, check: (ctx) => check({ ...ctx, report: (finding) => ctx.report(localiseRemediation(meta, ctx, finding)) }) };
}
