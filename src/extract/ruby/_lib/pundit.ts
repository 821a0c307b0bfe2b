// Pundit policies read from text: `class PostPolicy < ApplicationPolicy` with `def update?` bodies.
// A predicate that only tests a role is `admin`, one comparing the record with the user is an
// ownership check (at least `user`), `true` lets anybody through, anything else about the user is
// `user`. Policy methods a class does not define fall back to its superclass (ApplicationPolicy),
// and an unknown predicate is assumed to need a user (Pundit's generated defaults answer false).
import type { AuthLevel } from '../../../model/types.js';
import { snake } from './cancan.js';

export interface PolicyRule {
  level: AuthLevel;
  owner: boolean;
  line: number;
}

export interface Policy {
  /** `post` for PostPolicy (namespaces kept: `admin/post`). */
  subject: string;
  superclass: string;
  name: string;
  methods: Record<string, PolicyRule>;
}

const PRIVILEGED = /\b(?:admin|administrator|moderator|superuser|staff)\w*\?|\brole\b|\bhas_role\?/;
const OWNER = /\brecord\.(?:\w+\.)?(?:user|owner|author|creator|account)(?:_id)?\s*==|==\s*record\.(?:\w+\.)?(?:user|owner|author|creator|account)(?:_id)?\b|\brecord\.(?:\w+_)?(?:owned_by|editable_by|belongs_to)\w*\?|\b\w*(?:owned_by|owner|member)\w*\?\s*\(?\s*user\b/;

export function judgePredicate(body: string): { level: AuthLevel; owner: boolean } {
  const inner = body.replace(/^\s*def\s+\S+\s*/, '').replace(/\bend\s*$/, '').trim();
  if (/^true$/.test(inner)) return { level: 'none', owner: false };
  const owner = OWNER.test(inner);
  // A role test with an alternative (`user.admin? || record.user == user`) still lets owners in.
  if (PRIVILEGED.test(inner) && !owner && !/\|\||\bor\b/.test(inner)) return { level: 'admin', owner: false };
  return { level: 'user', owner };
}

export function readPolicies(text: string): Policy[] {
  const out: Policy[] = [];
  const lines = text.split('\n');
  let current: Policy | undefined;
  for (let i = 0; i < lines.length; i++) {
    const cls = /^\s*class\s+([\w:]+)Policy\b(?:\s*<\s*([\w:]+))?/.exec(lines[i]);
    if (cls && !/::Scope$/.test(cls[1])) {
      current = { name: `${cls[1]}Policy`, subject: snake(cls[1]), superclass: cls[2] ?? '', methods: {} };
      out.push(current);
      continue;
    }
    // A nested `class Scope` holds no predicates of the policy: skip to its end.
    const nested = /^(\s*)class\s+\w+/.exec(lines[i]);
    if (nested && current) {
      const end = lines.findIndex((l, j) => j > i && new RegExp(String.raw`^${nested[1]}end\b`).test(l));
      if (end > i) i = end;
      continue;
    }
    const def = /^(\s*)def\s+(\w+\?)\s*$/.exec(lines[i]);
    if (!def || !current) continue;
    const end = lines.findIndex((l, j) => j > i && new RegExp(String.raw`^${def[1]}end\b`).test(l));
    const body = lines.slice(i, end < 0 ? i + 1 : end + 1).join('\n');
    current.methods[def[2]] = { ...judgePredicate(body), line: i + 1 };
  }
  return out;
}
