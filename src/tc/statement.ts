// Threat Composer's threat statement, rendered exactly as the app renders it (research §6), so the
// `statement` we write agrees with the sentence the app shows. Clean-room from the spec; verified
// against the 80 synthetic vectors and the 37 threats of the upstream GenAIChatbot example.
import { fixArticles, fixTrailingArticle } from './articles.js';

export interface StatementFields {
  threatSource?: string | null;
  prerequisites?: string | null;
  threatAction?: string | null;
  threatImpact?: string | null;
  impactedGoal?: readonly string[] | null;
  impactedAssets?: readonly string[] | null;
  customTemplate?: string | null;
}

/** One piece of the rendered sentence: literal text or a field (the app's `displayedStatement`). */
export type StatementToken = string | { type: 'b' | 'span'; content: string; tooltip: string };

type FieldKey = 'threatSource' | 'prerequisites' | 'threatAction' | 'threatImpact' | 'impactedGoal' | 'impactedAssets';

interface FieldDef {
  key: FieldKey;
  token: string;
  label: string;
}

const FIELDS: readonly FieldDef[] = [
  { key: 'threatSource', token: 'threat_source', label: 'threat source' },
  { key: 'prerequisites', token: 'prerequisites', label: 'prerequisites' },
  { key: 'threatAction', token: 'threat_action', label: 'threat action' },
  { key: 'threatImpact', token: 'threat_impact', label: 'threat impact' },
  { key: 'impactedGoal', token: 'impacted_goal', label: 'impacted goal' },
  { key: 'impactedAssets', token: 'impacted_assets', label: 'impacted assets' },
];

const BY_TOKEN = new Map(FIELDS.map((field) => [field.token, field]));

/** A field counts as filled when it is a non-empty string or a non-empty array (`[""]` counts). */
function isFilled(value: string | readonly string[] | null | undefined): boolean {
  return value !== null && value !== undefined && value.length > 0;
}

/** Goals join with "and/or", assets with "and"; no Oxford comma. */
function joinList(items: readonly string[], conjunction: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function fieldText(fields: StatementFields, key: FieldKey): string {
  const value = fields[key];
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return joinList(value, key === 'impactedGoal' ? 'and/or' : 'and');
}

/** The built-in template for the filled optional parts (the app's eight combinations). */
function builtInTemplate(impact: boolean, goal: boolean, assets: boolean): string {
  let template = 'A [threat_source] [prerequisites] can [threat_action]';
  if (impact) template += ', which leads to [threat_impact]';
  if (goal) template += ', resulting in reduced [impacted_goal]';
  if (assets) template += goal ? ' of [impacted_assets]' : ', negatively impacting [impacted_assets]';
  return template;
}

/** Exactly one field filled: the bare text with ellipses, nothing else applied. */
function renderSingle(fields: StatementFields, key: FieldKey): string {
  const text = fieldText(fields, key);
  if (key === 'threatSource') return `${text}...`;
  if (key === 'impactedAssets') return `...${text}`;
  return `...${text}...`;
}

/** The statement as tokens, like the app's `displayedStatement`. */
export function renderStatementTokens(fields: StatementFields): StatementToken[] {
  const filled = FIELDS.filter((field) => isFilled(fields[field.key]));
  if (filled.length === 0) return [];
  if (filled.length === 1) return [renderSingle(fields, filled[0].key)];

  // Missing core parts get the app's defaults; other unfilled fields show their label when a
  // custom template names them (the built-in templates only name filled ones).
  const content = (field: FieldDef): string => {
    if (isFilled(fields[field.key])) return fixArticles(fieldText(fields, field.key));
    if (field.key === 'threatSource') return 'threat source';
    if (field.key === 'threatAction') return 'perform a threat action';
    if (field.key === 'prerequisites') return '';
    return field.label;
  };
  const custom = fields.customTemplate;
  const template =
    typeof custom === 'string' && custom.length > 0
      ? custom
      : builtInTemplate(isFilled(fields.threatImpact), isFilled(fields.impactedGoal), isFilled(fields.impactedAssets));

  const tokens: StatementToken[] = [];
  const pattern = /\[([a-z_]+)\]/g;
  let last = 0;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    const field = BY_TOKEN.get(match[1]);
    if (!field) continue;
    const text = content(field);
    const literal = template.slice(last, match.index);
    if (literal !== '') tokens.push(fixTrailingArticle(fixArticles(literal), text));
    tokens.push({ type: field.key === 'threatAction' ? 'b' : 'span', content: text, tooltip: field.label });
    last = match.index + match[0].length;
  }
  if (last < template.length) tokens.push(fixArticles(template.slice(last)));
  return tokens;
}

/** The `statement` string Threat Composer computes for these grammar fields. */
export function renderStatement(fields: StatementFields): string {
  const tokens = renderStatementTokens(fields);
  const filledCount = FIELDS.filter((field) => isFilled(fields[field.key])).length;
  const joined = tokens.map((token) => (typeof token === 'string' ? token : token.content)).join('');
  if (filledCount <= 1) return joined;
  return joined.replace(/\s+/g, ' ').replace(/ ,/g, ',');
}
