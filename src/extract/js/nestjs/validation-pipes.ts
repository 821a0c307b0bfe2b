// A project's own global validation pipe: a `PipeTransform` class whose `transform` runs
// class-validator with `whitelist: true` (or `forbidNonWhitelisted: true`) on the instance
// `plainToInstance` built and returns that instance, registered for every route (an APP_PIPE
// provider, `app.useGlobalPipes(new X())`). Then a DTO-typed `@Body()` holds only the DTO's
// declared properties, as under Nest's own `ValidationPipe({ whitelist: true })`. Read by
// web/mass-assignment and web/prototype-pollution (whitelistedNestBody) from `validation-pipe`
// config facts: one per whitelisting pipe class, one per global registration of a project class.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, memberPath, nodesUnder, objectProp, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

export const VALIDATION_PIPE_SETTING = 'validation-pipe';

const VALIDATE_CALL = /(?:^|\.)(?:validate|validateSync|validateOrReject)$/;
const STRIPPING_OPTION = /^(?:whitelist|forbidNonWhitelisted)$/;

/** Facts for whitelisting pipe classes declared here and project pipes registered globally here. */
export function validationPipeFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  // Cheap content tests first: most Nest files declare no pipe and register none.
  if (index.content.includes('transform') && /whitelist|forbidNonWhitelisted/.test(index.content)) out.push(...pipeDefinitions(index));
  if (index.content.includes('APP_PIPE') || index.content.includes('useGlobalPipes')) out.push(...globalRegistrations(index));
  return out;
}

/** `class X implements PipeTransform { transform(value, { metatype }) { ... validate(obj, { whitelist: true }) ... return obj } }`. */
function pipeDefinitions(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const cls of index.nodesOf('ClassDeclaration')) {
    const name = cls.id?.name;
    if (!name) continue;
    const transform = cls.body.body.find((m) => m.type === 'MethodDefinition' && m.kind === 'method' && (m.key as AstNode).type === 'Identifier' && (m.key as { name: string }).name === 'transform');
    const fn = transform?.type === 'MethodDefinition' ? (transform.value as AstNode) : undefined;
    if (!fn) continue;
    const validated = nodesUnder(fn, 'CallExpression')
      .filter((c) => VALIDATE_CALL.test(index.resolvedCallee(c) ?? ''))
      .filter((c) => stripsUnknown(c.arguments[1] as AstNode | undefined))
      .map((c) => unwrap(c.arguments[0] as AstNode | undefined))
      .flatMap((a) => (a?.type === 'Identifier' ? [a.name] : []));
    if (validated.length === 0) continue;
    // The validated instance must be what the handler receives: `return object`, not `return value`.
    // A pipe that validates and then returns the raw input strips nothing.
    const returnsInstance = nodesUnder(fn, 'ReturnStatement').some((r) => {
      const arg = unwrap(r.argument as AstNode | null | undefined);
      return arg?.type === 'Identifier' && validated.includes(arg.name);
    });
    if (!returnsInstance) continue;
    out.push({
      kind: 'config',
      setting: VALIDATION_PIPE_SETTING,
      values: { framework: 'nestjs', role: 'definition', name, whitelist: true },
      summary: `validation pipe ${name} strips undeclared properties`,
      evidence: index.evidence(cls as AstNode),
      key: `${index.file}#config:${VALIDATION_PIPE_SETTING}:definition:${name}`,
    });
  }
  return out;
}

/** `{ whitelist: true }` or `{ forbidNonWhitelisted: true }` as the validate options. */
function stripsUnknown(options: AstNode | undefined): boolean {
  const obj = unwrap(options);
  if (obj?.type !== 'ObjectExpression') return false;
  return obj.properties.some((p) => {
    if (p.type !== 'Property' || p.key.type !== 'Identifier' || !STRIPPING_OPTION.test(p.key.name)) return false;
    const v = unwrap(p.value as AstNode);
    return v.type === 'Literal' && v.value === true;
  });
}

/** `{ provide: APP_PIPE, useClass: X }` and `app.useGlobalPipes(new X())` for a class of the project. */
function globalRegistrations(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const register = (at: AstNode, cls: AstNode | undefined) => {
    let n = unwrap(cls);
    if (n?.type === 'NewExpression') n = unwrap(n.callee as AstNode);
    if (n?.type !== 'Identifier') return;
    const binding = index.bindings.get(n.name);
    // Nest's own ValidationPipe is judged by its import (see whitelistedNestBody). Any other class is
    // recorded (a tsconfig alias looks like a package): the rule matches it to a definition by name.
    if (binding?.module.startsWith('@nestjs/')) return;
    const name = binding && binding.imported !== 'default' && binding.imported !== '*' ? binding.imported : n.name;
    out.push({
      kind: 'config',
      setting: VALIDATION_PIPE_SETTING,
      values: { framework: 'nestjs', role: 'global', name },
      summary: `global pipe ${name}`,
      evidence: index.evidence(at),
      key: `${index.file}#config:${VALIDATION_PIPE_SETTING}:global:${name}`,
    });
  };
  for (const obj of index.nodesOf('ObjectExpression')) {
    if (memberPath(objectProp(obj, 'provide'))?.join('.') !== 'APP_PIPE') continue;
    register(obj, objectProp(obj, 'useClass') ?? objectProp(obj, 'useExisting') ?? objectProp(obj, 'useValue'));
  }
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) === 'useGlobalPipes') for (const a of call.arguments) register(call, a as AstNode);
  }
  return out;
}
