// Where a Go connection goes: `env:NAME` for os.Getenv / os.LookupEnv / viper-style lookups,
// `scheme://host[:port]` for literal URLs, bare `host:port`, following one local variable.
import type { SgNode } from '@ast-grep/napi';
import { urlTarget } from '../../python/_lib/targets.js';
import { goString, type GoIndex } from './index.js';

const ENV = /(?:os\.Getenv|os\.LookupEnv|viper\.GetString|getenv|getEnv|mustGetenv|env\.Get|GetEnv\w*)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g;

/** The environment variable an expression reads (the URL/DSN/host-like one when there are several). */
export function goEnv(text: string): string | undefined {
  const names = [...text.matchAll(ENV)].map((m) => m[1]);
  return names.find((n) => /URL|URI|DSN|HOST|ADDR|ENDPOINT|SERVER/.test(n)) ?? names[0];
}

export function goTarget(node: SgNode | null | undefined, index: GoIndex, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const literal = goString(node);
  if (literal !== undefined) return urlTarget(literal);
  const text = node.text();
  const env = goEnv(text);
  if (env) return `env:${env}`;
  if (node.kind() === 'identifier') {
    const decl = index.root
      .findAll({ rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'assignment_statement' }, { kind: 'var_spec' }, { kind: 'const_spec' }], has: { kind: 'identifier', regex: `^${text}$`, stopBy: 'end' } } })
      .find((d) => {
        const left = d.field('left') ?? d.field('name');
        const first = left?.kind() === 'expression_list' ? left.namedChildren()[0] : left;
        return first?.text() === text;
      });
    const value = decl?.field('right') ?? decl?.field('value');
    const first = value?.kind() === 'expression_list' ? value.namedChildren()[0] : value;
    return first ? goTarget(first, index, depth + 1) : undefined;
  }
  if (node.kind() === 'call_expression' && /^fmt\.Sprintf$/.test(node.field('function')?.text() ?? '')) {
    const format = goString(node.field('arguments')?.namedChildren()[0]);
    return format ? urlTarget(format.replace(/%[sdv]/g, 'x')) : undefined;
  }
  return undefined;
}
