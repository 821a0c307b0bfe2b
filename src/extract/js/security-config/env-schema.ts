// Values an app's environment schema refuses at start: class-validator `@IsNotIn(['REPLACE_ME'])`
// on a settings class property, zod `.refine((v) => v !== 'REPLACE_ME')` and Joi
// `.invalid('REPLACE_ME')` on a schema object key. The sample file's placeholder for that variable
// never runs (the app stops first), so container-secret-in-env drops it. Only the redacted
// rendering of the refused literal is kept, in the form the Compose extractor redacts values to.
import type { FactInput } from '../../../model/types.js';
import { redactSecret } from '../../../util/secrets.js';
import { calleeProperty, literalValue, nodesUnder, propertyKey, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact } from './common.js';

/** String literals of an array, or of a list of arguments. */
function strings(nodes: readonly AstNode[]): string[] {
  return nodes.flatMap((n) => {
    const u = unwrap(n);
    if (u?.type === 'ArrayExpression') return strings(u.elements as AstNode[]);
    const v = u ? literalValue(u) : undefined;
    return typeof v === 'string' && v !== '' ? [v] : [];
  });
}

/** Literals a refine callback rejects: `v !== 'X'`, `!['X', 'Y'].includes(v)`. */
function refused(fn: AstNode): string[] {
  const out: string[] = [];
  for (const b of nodesUnder(fn, 'BinaryExpression')) {
    if (b.operator !== '!==' && b.operator !== '!=') continue;
    out.push(...strings([b.left as AstNode, b.right as AstNode]));
  }
  for (const u of nodesUnder(fn, 'UnaryExpression')) {
    const call = unwrap(u.argument as AstNode);
    if (u.operator === '!' && call?.type === 'CallExpression' && calleeProperty(call) === 'includes' && call.callee.type === 'MemberExpression') out.push(...strings([call.callee.object as AstNode]));
  }
  return out;
}

export function envSchemaFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const add = (at: AstNode, variable: string | undefined, values: string[]): void => {
    if (!variable || values.length === 0) return;
    out.push(configFact(index, at, 'env-rejects', { variable, rejected: [...new Set(values.map(redactSecret))].join(' ') }, `${variable} may not be one of ${values.length} sample value(s)`, variable));
  };
  // Each text test (a scan of the whole file) is asked once a node has the shape it guards: most
  // files have none, and nothing is added before it.
  // class-validator: `@IsNotIn(['REPLACE_WITH_LONG_SECRET']) APP_SECRET: string`.
  let notIn: boolean | undefined;
  decorated: for (const prop of index.nodesOf('PropertyDefinition')) {
    for (const d of prop.decorators ?? []) {
      const call = unwrap(d.expression);
      if (call?.type !== 'CallExpression' || !/^class-validator\.IsNotIn$/.test(index.resolvedCallee(call) ?? '')) continue;
      if (!(notIn ??= index.content.includes('IsNotIn'))) break decorated;
      add(prop, propertyKey(prop), strings(call.arguments as AstNode[]));
    }
  }
  // zod / Joi: `{ APP_SECRET: z.string().refine((v) => v !== 'X') }`, `{ KEY: Joi.string().invalid('X') }`.
  let refines: boolean | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (prop !== 'refine' && prop !== 'superRefine' && prop !== 'invalid' && prop !== 'disallow') continue;
    if (!(refines ??= /refine|invalid|disallow/.test(index.content))) break;
    const args = call.arguments as AstNode[];
    let values: string[] = [];
    if ((prop === 'refine' || prop === 'superRefine') && args[0]) values = refused(args[0]);
    else if (prop === 'invalid' || prop === 'disallow') values = strings(args);
    if (values.length === 0) continue;
    // The schema object's key the chain sits under.
    for (const a of index.ancestors(call)) {
      if (a.type === 'Property') add(a, propertyKey(a), values);
      if (a.type !== 'CallExpression' && a.type !== 'MemberExpression') break;
    }
  }
  return out;
}
