// Classes, methods, parameters and annotations of Java and Kotlin files, read from the shared
// ast-grep tree into one shape, so the Spring and JAX-RS readers work on both languages.
import type { SgNode } from '@ast-grep/napi';

export type JvmLanguage = 'java' | 'kotlin';

export interface Annotation {
  name: string;
  /** Positional values (`@GetMapping("/x")`, `@Secured({"A","B"})`), strings unquoted. */
  values: string[];
  /** Named values (`path = "/x"`, `method = RequestMethod.POST`). */
  named: Record<string, string[]>;
  text: string;
  line: number;
}

export interface Param {
  name: string;
  type: string;
  annotations: Annotation[];
}

export interface Method {
  name: string;
  annotations: Annotation[];
  params: Param[];
  node: SgNode;
  line: number;
}

export interface ClassInfo {
  name: string;
  annotations: Annotation[];
  methods: Method[];
  supertypes: string[];
  node: SgNode;
  line: number;
}

function line(node: SgNode): number {
  return node.range().start.line + 1;
}

/** A value as text: string literals unquoted (fragments joined), arrays flattened, others raw. */
function values(node: SgNode): string[] {
  const kind = node.kind();
  if (kind === 'string_literal' || kind === 'line_string_literal') {
    return [node.children().filter((c) => c.kind() === 'string_fragment' || c.kind() === 'string_content' || c.kind() === 'escape_sequence').map((c) => c.text()).join('')];
  }
  if (kind === 'element_value_array_initializer' || kind === 'collection_literal' || kind === 'array_initializer') {
    return node.children().filter((c) => c.isNamed()).flatMap(values);
  }
  if (kind === 'value_argument') {
    const named = node.children().filter((c) => c.isNamed());
    return values(named[named.length - 1] ?? node);
  }
  if (kind === 'call_expression' && /^(?:arrayOf|listOf)\b/.test(node.text())) {
    return node.findAll({ rule: { kind: 'string_literal' } }).flatMap(values);
  }
  return [node.text()];
}

/**
 * Annotations whose arguments some reader uses; the arguments of every other annotation are not
 * read (crossing into the native tree per node is the main cost of these readers).
 */
const WITH_ARGUMENTS = new Set([
  'RequestMapping', 'GetMapping', 'PostMapping', 'PutMapping', 'DeleteMapping', 'PatchMapping',
  'PreAuthorize', 'PostAuthorize', 'Secured', 'RolesAllowed', 'Path', 'FeignClient',
]);

function javaAnnotation(node: SgNode): Annotation {
  const text = node.text();
  const name = (/^@\s*([\w.]+)/.exec(text)?.[1] ?? '').split('.').pop() ?? '';
  const out: Annotation = { name, values: [], named: {}, text, line: line(node) };
  if (!WITH_ARGUMENTS.has(name) || !text.includes('(')) return out;
  const args = node.field('arguments');
  for (const arg of args?.children().filter((c) => c.isNamed()) ?? []) {
    if (arg.kind() === 'element_value_pair') {
      const parts = arg.children().filter((c) => c.isNamed());
      out.named[parts[0]?.text() ?? ''] = parts[1] ? values(parts[1]) : [];
    } else out.values.push(...values(arg));
  }
  return out;
}

function kotlinAnnotation(node: SgNode): Annotation {
  const text = node.text();
  const name = (/^@\s*(?:\w+:)?([\w.]+)/.exec(text)?.[1] ?? '').split('.').pop() ?? '';
  const out: Annotation = { name, values: [], named: {}, text, line: line(node) };
  if (!WITH_ARGUMENTS.has(name) || !text.includes('(')) return out;
  const call = node.children().find((c) => c.kind() === 'constructor_invocation');
  const args = call?.children().find((c) => c.kind() === 'value_arguments');
  for (const arg of args?.children().filter((c) => c.kind() === 'value_argument') ?? []) {
    const parts = arg.children().filter((c) => c.isNamed());
    if (parts.length >= 2 && parts[0].kind() === 'simple_identifier') out.named[parts[0].text()] = values(parts[parts.length - 1]);
    else out.values.push(...values(arg));
  }
  return out;
}

export function annotationsOf(modifiers: SgNode | undefined | null, lang: JvmLanguage): Annotation[] {
  if (!modifiers) return [];
  return modifiers
    .children()
    .filter((c) => c.kind() === 'annotation' || c.kind() === 'marker_annotation')
    .map((c) => (lang === 'java' ? javaAnnotation(c) : kotlinAnnotation(c)));
}

function javaParams(method: SgNode): Param[] {
  const list = method.children().find((c) => c.kind() === 'formal_parameters');
  return (list?.children() ?? [])
    .filter((c) => c.kind() === 'formal_parameter' || c.kind() === 'spread_parameter')
    .map((p) => {
      const text = p.text();
      return {
        name: p.field('name')?.text() ?? '',
        type: p.field('type')?.text() ?? '',
        annotations: text.startsWith('@') || text.includes(' @') ? annotationsOf(p.children().find((c) => c.kind() === 'modifiers'), 'java') : [],
      };
    });
}

function kotlinParams(fn: SgNode): Param[] {
  const list = fn.children().find((c) => c.kind() === 'function_value_parameters');
  const out: Param[] = [];
  let pending: Annotation[] = [];
  for (const c of list?.children() ?? []) {
    if (c.kind() === 'parameter_modifiers') pending = annotationsOf(c, 'kotlin');
    else if (c.kind() === 'parameter') {
      const named = c.children().filter((x) => x.isNamed());
      out.push({ name: named[0]?.text() ?? '', type: named[1]?.text() ?? '', annotations: pending });
      pending = [];
    }
  }
  return out;
}

const SUPERTYPE_KINDS = new Set(['superclass', 'super_interfaces', 'extends_interfaces', 'delegation_specifier', 'delegation_specifiers']);

/** Every class (including nested ones) with its annotated methods. */
export function readClasses(root: SgNode, lang: JvmLanguage): ClassInfo[] {
  const kinds = lang === 'java' ? ['class_declaration', 'interface_declaration', 'record_declaration'] : ['class_declaration', 'object_declaration'];
  const out: ClassInfo[] = [];
  for (const cls of root.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } })) {
    // One walk over the class's children: every napi call costs about as much as parsing 100 bytes.
    let modifiers: SgNode | undefined;
    let nameNode: SgNode | undefined;
    let body: SgNode | undefined;
    const supertypes: string[] = [];
    for (const c of cls.children()) {
      const kind = String(c.kind());
      if (kind === 'modifiers') modifiers = c;
      else if (!nameNode && (kind === 'identifier' || kind === 'type_identifier' || kind === 'simple_identifier')) nameNode = c;
      else if (kind === 'class_body' || kind === 'interface_body' || kind === 'record_body') body = c;
      else if (SUPERTYPE_KINDS.has(kind)) supertypes.push(...(c.text().match(/\b[A-Z]\w*/g) ?? []));
    }
    const methods: Method[] = [];
    const methodKind = lang === 'java' ? 'method_declaration' : 'function_declaration';
    for (const m of body?.children() ?? []) {
      if (m.kind() !== methodKind) continue;
      const text = m.text();
      const annotated = text.startsWith('@') || /^\s*@/m.test(text.slice(0, text.indexOf('(') + 1));
      const mods = annotated ? m.children().find((c) => c.kind() === 'modifiers') : undefined;
      methods.push({
        name: m.field('name')?.text() ?? (lang === 'kotlin' ? (m.children().find((c) => c.kind() === 'simple_identifier')?.text() ?? '') : ''),
        annotations: annotationsOf(mods, lang),
        params: text.includes('()') && text.indexOf('()') < text.indexOf('{') ? [] : lang === 'java' ? javaParams(m) : kotlinParams(m),
        node: m,
        line: line(m),
      });
    }
    out.push({ name: nameNode?.text() ?? '', annotations: annotationsOf(modifiers, lang), methods, supertypes, node: cls, line: line(cls) });
  }
  return out;
}

export function findAnnotation(list: readonly Annotation[], ...names: string[]): Annotation | undefined {
  return list.find((a) => names.includes(a.name));
}

/** The path-like values of a mapping annotation: positional, `value` or `path`. */
export function mappingPaths(a: Annotation | undefined): string[] {
  if (!a) return [];
  const paths = [...a.values, ...(a.named.value ?? []), ...(a.named.path ?? [])].filter((p) => !p.includes('.') || p.startsWith('/'));
  return paths.length > 0 ? paths : [''];
}
