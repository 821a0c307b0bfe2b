// Where a Python connection or request goes, without secrets: `env:NAME` for environment reads
// (os.environ / os.getenv / decouple / django-environ), `scheme://host[:port]` for literal URLs
// (credentials and path dropped), a bare host, or undefined when dynamic.
import type { SgNode } from '@ast-grep/napi';
import type { PyIndex } from './index.js';
import { pyString } from './strings.js';

const ENV_CALL = /^(?:os\.environ\.get|os\.getenv|environ\.get|getenv|config|env|env\.str|env\.url|env\.db_url|env\.db|env\.cache_url|decouple\.config|settings\.get)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/;
const ENV_INDEX = /^(?:os\.)?environ\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]$/;

/** `scheme://user:pass@host:port/db` → `scheme://host:port`; a bare `host:port` stays. */
export function urlTarget(value: string): string | undefined {
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\[::1?\]|0\.0\.0\.0|127\.0\.0\.1|localhost)(?::\d+)?(?:\/|$)/i.test(value.trim())) return undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/?#:,]+)(?::(\d+))?/i.exec(value.trim());
  if (m) return `${m[1].toLowerCase()}://${m[2].toLowerCase()}${m[3] ? `:${m[3]}` : ''}`;
  const bare = value.trim();
  if (/^[a-z0-9.-]+(:\d+)?$/i.test(bare) && (/\./.test(bare) || /:\d+$/.test(bare) || bare === 'localhost')) return bare.toLowerCase();
  return undefined;
}

/** The environment variable a node reads, if it is an environment lookup. */
export function envVar(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const text = node.text().replace(/\s+/g, '');
  return ENV_CALL.exec(text)?.[1] ?? ENV_INDEX.exec(text)?.[1];
}

/** Target of an argument: env lookup, literal URL/host, f-string head, or a module constant. */
export function pyTarget(node: SgNode | null | undefined, index: PyIndex, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const env = envVar(node);
  if (env) return `env:${env}`;
  const literal = pyString(node);
  if (literal !== undefined) return urlTarget(literal);
  const kind = node.kind();
  if (kind === 'string') {
    const first = node.namedChildren().find((c) => c.kind() === 'string_content' || c.kind() === 'interpolation');
    if (first?.kind() === 'string_content') return urlTarget(first.text());
    if (first?.kind() === 'interpolation') return pyTarget(first.namedChildren()[0], index, depth + 1);
    return undefined;
  }
  if (kind === 'binary_operator') return pyTarget(node.field('left'), index, depth + 1);
  if (kind === 'identifier') {
    const name = node.text();
    const assign = index.root.find({ rule: { kind: 'assignment', has: { field: 'left', regex: `^${name}$` } } });
    return assign ? pyTarget(assign.field('right'), index, depth + 1) : undefined;
  }
  if (kind === 'call' && /^(?:os\.environ\.get|os\.getenv)/.test(node.text())) return undefined;
  return undefined;
}
