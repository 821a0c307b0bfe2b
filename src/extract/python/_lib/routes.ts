// Route facts shared by the Python web-framework extractors: path normalisation to the `:param`
// style every rule reads, auth and tags through the same decision functions as the JS routes, and
// the internal `~py:` metadata the link step needs to finish cross-file work (blueprint and router
// prefixes, guards imported from other modules).
import type { EntrypointFact, Evidence, FactInput } from '../../../model/types.js';
import { joinPath, type MwRef } from '../../js/_lib/routes.js';
import { judgeRoute as judgePolyglot } from '../../_polyglot/routes.js';
import { judgeInline } from './auth.js';

export const PY_ROUTE_TAG = '~py:';

export interface PyRouteMeta {
  /** Receiver the route hangs off (`app.views:bp`), for prefixes registered in other files. */
  recv?: string;
  /** Path as registered on the receiver (without any receiver prefix). */
  local: string;
  /** The receiver's own prefix (Blueprint url_prefix, APIRouter prefix). */
  own?: string;
  /** Flask registration prefixes replace the blueprint's own; FastAPI ones are prepended to it. */
  combine?: 'override' | 'concat';
  refs: MwRef[];
  handlerName?: string;
  extraTags: string[];
  /** DRF view without its own permission_classes: the project default applies. */
  drfDefault?: boolean;
}

export interface PathInfo {
  path: string;
  /** Parameter name → converter/type (`int`, `str`, `path`, `uuid`, regex). */
  params: Record<string, string>;
}

/** Flask/Django `<int:id>`, FastAPI/Starlette/aiohttp `{id}` / `{id:int}`, re_path `(?P<id>\d+)` → `:id`. */
export function normalisePath(raw: string): PathInfo {
  const params: Record<string, string> = {};
  let path = raw;
  if (/\(\?P<|^\^|\$$/.test(path)) {
    path = path
      .replace(/\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)/g, (_m, name: string, re: string) => {
        params[name] = /^\\d[+*]$|^\[0-9\][+*]$/.test(re) ? 'int' : re;
        return `:${name}`;
      })
      .replace(/^\^/, '')
      .replace(/\$$/, '')
      .replace(/\\\//g, '/')
      .replace(/\\\./g, '.')
      .replace(/[?]$/, '');
  }
  path = path
    .replace(/<(?:(\w+):)?(\w+)>/g, (_m, conv: string | undefined, name: string) => {
      params[name] = conv ?? 'str';
      return `:${name}`;
    })
    .replace(/\{(\w+)(?::([^}]+))?\}/g, (_m, name: string, conv: string | undefined) => {
      params[name] = conv ?? 'str';
      return `:${name}`;
    });
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, params };
}

/** Converters whose values cannot carry injection payloads. */
export function numericType(type: string | undefined): boolean {
  return !!type && /^(int|float|uuid|UUID|bool|Decimal|decimal|datetime|date|\\d\+|\[0-9\]\+|Optional\[int\]|int \| None|PositiveInt|conint.*)$/.test(type.trim());
}

export interface PyRouteInput {
  framework: string;
  protocol?: EntrypointFact['protocol'];
  method: string;
  meta: PyRouteMeta;
  evidence: Evidence;
  handler?: EntrypointFact['handler'];
}

/** Full path of a route whose prefixes are known in this file. */
export function fullPath(meta: PyRouteMeta, registrationPrefix?: string): string {
  let prefix = meta.own ?? '';
  if (registrationPrefix !== undefined) prefix = meta.combine === 'concat' ? joinPath(registrationPrefix, prefix || '/') : registrationPrefix;
  return prefix ? joinPath(prefix, meta.local) : meta.local;
}

/** Auth and tags from a route's guard chain (explicit public opt-outs win over inherited guards). */
export function judgeRoute(method: string, path: string, meta: PyRouteMeta): Pick<EntrypointFact, 'auth' | 'authEvidence' | 'tags' | 'middleware'> {
  return judgePolyglot(method, path, meta.refs, meta.handlerName, meta.extraTags);
}

/** One entry point fact, with `~py:` metadata when link still has work to do. */
export function pyRouteFact(input: PyRouteInput, pending: boolean): FactInput {
  const path = fullPath(input.meta);
  const judged = judgeRoute(input.method, path, input.meta);
  const fact: Omit<EntrypointFact, 'extractor'> = {
    kind: 'entrypoint',
    protocol: input.protocol ?? 'http',
    framework: input.framework,
    method: input.method,
    path,
    ...judged,
    evidence: input.evidence,
    key: `${input.evidence.file}#entrypoint:${input.protocol ?? 'http'} ${input.method} ${input.meta.recv ?? ''}${input.meta.local}`,
  };
  if (pending) fact.tags = [...(fact.tags ?? []), PY_ROUTE_TAG + JSON.stringify(input.meta)];
  if (input.handler) fact.handler = input.handler;
  return fact;
}

/** Whether a route's metadata needs the link step (imported guards or a receiver others may prefix). */
export function needsLink(meta: PyRouteMeta): boolean {
  return meta.recv !== undefined || meta.refs.some((r) => r.module !== undefined) || meta.drfDefault === true;
}

/** Tags from a handler body: uploads, sessions set at login. */
export function bodyTags(text: string): string[] {
  const tags: string[] = [];
  if (/request\.files|request\.FILES|UploadFile|\.save\(\s*os\.path\.join|FileStorage|multipart/.test(text)) tags.push('upload');
  return tags;
}

/** A check on the logged-in principal inside the handler body, as a terminal guard reference. */
export function inlineRefs(text: string): MwRef[] {
  const level = judgeInline(text);
  return level ? [{ name: '<inline>', role: level === 'admin' ? 'auth-admin' : 'auth-user', why: 'the handler checks the logged-in user and rejects', terminal: true }] : [];
}
