// Meteor: DDP methods and publications (over the app's websocket) and HTTP routes of the webapp
// package and the router packages on it. Auth comes from the function itself (Meteor has no
// per-method middleware): see auth.ts. Guard helpers defined in other files are judged in link.
import type { Fact, FactInput } from '../../../model/types.js';
import { jsIndex, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { devOnly } from '../_lib/dev-only.js';
import { isJsFile } from '../_lib/parse.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { argumentRecordAccesses } from '../_lib/routes-handler-records.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { mwRef } from '../_lib/routes-refs.js';
import { isTestFile, routeFact, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import type { Extractor } from '../../types.js';
import { meteorAuth, type MeteorAuth } from './auth.js';
import { ddpEntries, type DdpEntry } from './ddp.js';
import { guardDefinitions, applyGuardHelpers, GUARD_USE } from './guards.js';
import { httpEntries, type HttpEntry } from './http.js';

/** Browser-only folders of a Meteor app: methods there are client stubs, never the server's. */
const CLIENT_PATH = /(?:^|\/)(?:client|browser)\//;

function inlineOf(auth: MeteorAuth | undefined): RouteMeta['inline'] {
  return auth?.level ? { level: auth.level, why: `handler checks: ${auth.why}` } : undefined;
}

function guardUse(index: JsIndex, at: AstNode, helpers: string[], level: string | undefined): FactInput[] {
  if (helpers.length === 0) return [];
  const ev = index.evidence(at);
  return [{ kind: 'config', setting: GUARD_USE, values: { helpers: helpers.join(','), routeFile: ev.file, routeLine: ev.line, level: level ?? 'none' }, evidence: ev, key: `${index.file}#${GUARD_USE}:${index.line(at)}` }];
}

function ddpFacts(e: DdpEntry, index: JsIndex): FactInput[] {
  const auth = e.fn ? meteorAuth(e.fn, index) : undefined;
  let inline = inlineOf(auth);
  const mixin = e.tags.find((t) => t.startsWith('~mixin:'));
  if (!inline && mixin) inline = { level: /role|permission|admin/i.test(mixin) ? 'admin' : 'user', why: `mixin ${mixin.slice(7)}` };
  const path = `${e.kind === 'method' ? 'method' : 'publish'}:${e.name}`;
  const meta: RouteMeta = { mw: [], local: path, ...(inline ? { inline } : {}) };
  // Unnamed: route tags read login steps into handler names (`groupRoutineOnLogin` is no login); the path names it.
  const handler = e.fn ? { file: index.file, line: index.line(e.fn) } : undefined;
  // `if (isTesting) { Meteor.methods({...}) }`: registered only outside production.
  const tags = ['rpc', ...e.tags.filter((t) => !t.startsWith('~')), ...(devOnly(e.at, index) ? ['dev-only'] : [])];
  const evidence = index.evidence(e.at);
  const ep = routeFact({ framework: 'meteor', protocol: 'websocket', method: 'DDP', path, evidence, handler, meta, extraTags: tags });
  // Records changed or read by an id the client passes as an argument, with no owner check (bola-idor).
  const access = e.fn ? argumentRecordAccesses(e.fn, index) : [];
  const records = access.length > 0 ? accessFacts({ tags: [], access, sites: [] }, index, { file: index.file, line: evidence.line }) : [];
  return [ep, ...guardUse(index, e.at, auth?.helpers ?? [], inline?.level), ...records];
}

function httpFacts(e: HttpEntry, index: JsIndex): FactInput[] {
  const meta: RouteMeta = { mw: e.mw.map((m) => mwRef(m, index)), local: e.path };
  const out: FactInput[] = [];
  const evidence = index.evidence(e.at);
  let handler: { file: string; line: number; name?: string } | undefined;
  let helpers: string[] = [];
  if (e.fn) {
    const fn: FunctionLike = e.fn;
    const summary = summarizeHandler(fn, index);
    const { inline } = handlerAuth(summary.inline, fn, index);
    const own = meteorAuth(fn, index, { http: true });
    helpers = own?.helpers ?? [];
    const mine = inlineOf(own);
    meta.inline = mine && (!inline || inline.level === 'unknown' || (mine.level === 'admin' && inline.level === 'user')) ? mine : inline;
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(fn), name: `${e.method} ${e.path}` };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  if (e.declared && (!meta.inline || meta.inline.level !== 'admin')) meta.inline = { level: e.declared.level, why: e.declared.why };
  if (!meta.inline) delete meta.inline;
  out.unshift(routeFact({ framework: 'meteor', method: e.method, path: e.path, evidence, handler, meta, extraTags: devOnly(e.at, index) ? [...e.tags, 'dev-only'] : e.tags }));
  out.push(...guardUse(index, e.at, helpers, meta.inline?.level));
  return out;
}

export const extractor: Extractor = {
  id: 'js/meteor',
  title: 'Meteor methods, publications and webapp / JsonRoutes / Picker / Restivus HTTP routes',
  matches: (path) => isJsFile(path) && !isTestFile(path) && !CLIENT_PATH.test(path),
  signals: ['Meteor.methods', 'Meteor.publish', 'ValidatedMethod', 'WebApp.', 'JsonRoutes.add', 'Picker.', 'Restivus', 'Meteor.Error'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    if (/Meteor\.(?:methods|publish)|ValidatedMethod/.test(file.content)) for (const e of ddpEntries(index)) out.push(...ddpFacts(e, index));
    if (/WebApp\.|JsonRoutes\.add|Picker\.|addRoute/.test(file.content)) for (const e of httpEntries(index)) out.push(...httpFacts(e, index));
    // Guard helpers other files call (`checkUserId(userId)` throwing a Meteor.Error).
    if (file.content.includes('Meteor.Error')) out.push(...guardDefinitions(index));
    return out.length > 0 ? out : null;
  },
  link(facts: Fact[]): Fact[] {
    return applyGuardHelpers(linkRoutes(facts));
  },
};

