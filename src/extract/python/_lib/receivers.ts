// Application and router objects of a Python file (`app = Flask(__name__)`,
// `bp = Blueprint('admin', __name__, url_prefix='/admin')`, `router = APIRouter(prefix='/x')`),
// and the receiver id a route hangs off, local or imported (`app.admin:bp`).
import type { SgNode } from '@ast-grep/napi';
import type { PyIndex } from './index.js';
import { moduleOf } from './index.js';
import { absoluteModule, splitQualified } from './auth.js';
import { dotted, pyString } from './strings.js';

export interface Receiver {
  name: string;
  /** Resolved constructor (`flask.Flask`, `fastapi.APIRouter`). */
  ctor: string;
  call: SgNode;
  /** Own prefix (`url_prefix=`, `prefix=`, namespace `path=`). */
  prefix?: string;
  line: number;
}

/** Keyword argument value of a call (`url_prefix='/x'`). */
export function keywordArg(call: SgNode | null | undefined, name: string): SgNode | undefined {
  for (const a of call?.field('arguments')?.namedChildren() ?? []) {
    if (a.kind() === 'keyword_argument' && a.field('name')?.text() === name) return a.field('value') ?? undefined;
  }
  return undefined;
}

/** Positional arguments of a call. */
export function positionalArgs(call: SgNode | null | undefined): SgNode[] {
  return (call?.field('arguments')?.namedChildren() ?? []).filter((a) => !['keyword_argument', 'comment', 'list_splat', 'dictionary_splat'].includes(String(a.kind())));
}

/** Module-level (and function-level) `name = Ctor(...)` assignments whose constructor matches. */
export function receiversOf(index: PyIndex, ctors: RegExp): Map<string, Receiver> {
  const out = new Map<string, Receiver>();
  for (const a of index.root.findAll({ rule: { kind: 'assignment', has: { field: 'right', kind: 'call' } } })) {
    const left = a.field('left');
    const call = a.field('right');
    if (left?.kind() !== 'identifier' || !call) continue;
    const ctor = index.resolve(dotted(call.field('function')) ?? '');
    if (!ctors.test(ctor)) continue;
    const prefix = pyString(keywordArg(call, 'url_prefix') ?? keywordArg(call, 'prefix') ?? keywordArg(call, 'path'));
    if (!out.has(left.text())) out.set(left.text(), { name: left.text(), ctor, call, prefix, line: a.range().start.line + 1 });
  }
  return out;
}

/** Receiver id for a name used in this file: `module:name` of where it is defined. */
export function receiverId(index: PyIndex, name: string, local: boolean): string {
  if (local) return `${moduleOf(index.file)}:${name}`;
  const imp = index.imports.find((i) => i.alias === name);
  if (!imp) return `${moduleOf(index.file)}:${name}`;
  const split = splitQualified(imp.qualified);
  if (!split) return `${imp.qualified}:${name}`;
  return `${absoluteModule(split.module, index.file)}:${split.name}`;
}
