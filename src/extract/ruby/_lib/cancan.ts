// CanCanCan abilities read from text: `can :update, Post, user: user` lines in an Ability class,
// each with the level of the branch it sits in (`if user` / `if user&.active?` → user,
// `if user.admin?` / `user.moderator?` → admin, top level or `unless user` → anyone). The Ability is
// read line by line with a block stack: ability files are flat `if` trees, and the level a rule
// needs is what matters for routes, not the full condition.
import type { AuthLevel } from '../../../model/types.js';
import { RANK } from '../../java/_lib/access.js';

export interface AbilityRule {
  actions: string[];
  /** Subjects in snake case (`OldNode` → `old_node`, `:site` → `site`, `:all`). */
  subjects: string[];
  level: AuthLevel;
  /** The rule is limited to records of the user (`user: user`, a block comparing with the user). */
  owner: boolean;
  line: number;
}

export interface Ability {
  name: string;
  rules: AbilityRule[];
}

const PRIVILEGED = /\b(?:admin|administrator|moderator|role|superuser|staff)\w*\??/i;
/** The ability's user parameter tested for presence (`user`, `user&.active?`, `user.present?`, `user.persisted?`). */
const USER_PRESENT = /^(?:!\s*)?\(?\s*(?:user|current_user|account)\b(?:&?\.(?:active\?|present\?|persisted\?|confirmed\?|id|terms_agreed\?))?\s*\)?\s*(?:&&|$|\band\b)/;
const USER_ABSENT = /^(?:!\s*(?:user|current_user)\b\s*$|(?:user|current_user)(?:\.nil\?|\.blank\?|\.new_record\?|\.guest\?)\s*$)/;

export function snake(name: string): string {
  return name
    .replace(/^:+/, '')
    .replace(/::/g, '/')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** What a condition requires: `admin`, `user`, `none` (guests only or everyone) or undefined (no opinion: keep the outer level). */
function conditionLevel(keyword: string, cond: string): AuthLevel | undefined {
  const c = cond.trim();
  const negated = keyword === 'unless';
  if (PRIVILEGED.test(c) && /\b(?:user|current_user|account)\b/.test(c)) return negated ? undefined : 'admin';
  if (!negated && USER_PRESENT.test(c) && !c.startsWith('!')) return 'user';
  if (negated && USER_ABSENT.test(c)) return 'user';
  if ((!negated && USER_ABSENT.test(c)) || (negated && USER_PRESENT.test(c))) return 'none';
  return undefined;
}

function list(text: string): string[] {
  const t = text.trim();
  const inner = t.startsWith('[') ? t.slice(1, t.lastIndexOf(']')) : t;
  return inner
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^:?[\w:]+[?!]?$/.test(s))
    .map((s) => (s.startsWith(':') ? s.slice(1) : snake(s)));
}

/** Splits `can <actions>, <subjects>[, conditions]` at top-level commas. */
function args(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(' || ch === '{') depth++;
    if (ch === ']' || ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

const OPENS = /^(?:if|unless|case|while|until|begin|def|class|module)\b|\bdo\s*(?:\|[^|]*\|)?\s*$/;

export function readAbilities(text: string): Ability[] {
  const out: Ability[] = [];
  const stack: { level: AuthLevel | undefined; keyword: string }[] = [];
  let current: Ability | undefined;
  /** `user ||= User.new`: a guest object stands in for nobody, so `if user` no longer means signed in. */
  let guestObject = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const cls = /^class\s+([\w:]+)/.exec(line);
    if (cls) {
      current = { name: cls[1], rules: [] };
      out.push(current);
    }
    if (/^(?:user|current_user)\s*\|\|=\s*\w+\.new\b/.test(line)) guestObject = true;
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    const branch = /^(elsif|else)\b\s*(.*)$/.exec(line);
    if (branch && stack.length > 0) {
      const top = stack[stack.length - 1];
      // `else` of `if user.admin?` is a plain branch; of `if user` it is the guests' branch.
      top.level = branch[1] === 'else' ? (top.level === 'user' ? 'none' : undefined) : conditionLevel('if', branch[2]);
      continue;
    }
    const can = /^can\s+(.*?)(?:\s+(if|unless)\s+(.+))?$/.exec(line);
    if (can && current) {
      const [actions, subjects, ...rest] = args(can[1].replace(/\s+do\s*(?:\|[^|]*\|)?\s*$/, ''));
      // The strictest enclosing branch decides (a guests-only branch requires nothing).
      let level: AuthLevel = 'none';
      for (const s of stack) if (s.level && RANK[s.level] > RANK[level]) level = s.level;
      if (can[2]) {
        const mod = conditionLevel(can[2], can[3]);
        if (mod && RANK[mod] > RANK[level]) level = mod;
      }
      if (guestObject && level === 'user' && !stack.some((s) => /persisted|new_record|id\b/.test(s.keyword))) level = 'none';
      const ownerHash = rest.some((r) => /(?::\w+\s*=>|\w+:)\s*(?:user|current_user)(?:\.id)?\b/.test(r));
      const ownerBlock = /\bdo\s*\|/.test(can[1]) && /\b(?:user|current_user)\b/.test(lines.slice(i + 1, i + 4).join('\n'));
      current.rules.push({ actions: list(actions ?? ''), subjects: list(subjects ?? ''), level, owner: ownerHash || ownerBlock, line: i + 1 });
      if (/\bdo\s*(?:\|[^|]*\|)?\s*$/.test(line)) stack.push({ level: undefined, keyword: 'do' });
      continue;
    }
    const cond = /^(if|unless)\s+(.+)$/.exec(line);
    if (cond) stack.push({ level: conditionLevel(cond[1], cond[2]), keyword: cond[2] });
    else if (OPENS.test(line) && !cls) stack.push({ level: undefined, keyword: '' });
    else if (cls) stack.push({ level: undefined, keyword: '' });
  }
  return out.filter((a) => a.rules.length > 0);
}

/** CanCan's default aliases: an action also matches the ability action it is an alias of. */
const ALIASES: Record<string, string[]> = { index: ['read'], show: ['read'], new: ['create'], create: ['create'], edit: ['update'], update: ['update'], destroy: ['destroy'], delete: ['destroy'] };

export interface AbilityVerdict {
  level: AuthLevel;
  owner: boolean;
  line?: number;
}

/**
 * The least a user needs to be granted `action` on `subject`: the lowest level of the matching
 * rules. No matching rule: undefined (nobody is granted it as far as the text shows).
 */
export function abilityFor(ability: Ability, action: string, subject: string): AbilityVerdict | undefined {
  const names = new Set([action, ...(ALIASES[action] ?? []), 'manage']);
  let best: AbilityVerdict | undefined;
  for (const r of ability.rules) {
    if (!r.actions.some((a) => names.has(a)) || !r.subjects.some((s) => s === subject || s === 'all')) continue;
    if (!best || RANK[r.level] < RANK[best.level] || (r.level === best.level && best.owner && !r.owner)) best = { level: r.level, owner: r.owner, line: r.line };
  }
  return best;
}
