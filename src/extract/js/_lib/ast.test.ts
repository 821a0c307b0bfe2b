import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calleeName, childNodes, indexFromParsed, jsIndex, memberPath, nodesUnder, stringValue, valueOrigin, type AstNode, type JsIndex } from './ast.js';
import type { ParsedJs } from './parse.js';
import { testContext } from '../../testing.js';

const ctx = testContext;

function index(content: string, path = 'src/a.ts'): JsIndex {
  return jsIndex({ path, content }, ctx());
}

describe('extract/js/_lib/ast', () => {
  it('resolves callees through ES imports, CommonJS requires and destructuring', () => {
    const ix = index(`import jwt, { verify as v } from 'jsonwebtoken';
import * as crypto from 'node:crypto';
const { Router } = require('express');
const got = require('got').default;
jwt.verify(a, b); v(a, b); crypto.createHash('md5'); Router(); got(url); app.get('/x', h); require('pg').Pool();
`);
    const names = ix.nodesOf('CallExpression').map((c) => ix.resolvedCallee(c));
    for (const expected of ['jsonwebtoken.verify', 'crypto.createHash', 'express.Router', 'got', 'app.get', 'pg.Pool']) assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    assert.equal(names.filter((n) => n === 'jsonwebtoken.verify').length, 2);
    assert.ok(ix.imports('jsonwebtoken') && ix.imports('crypto') && ix.imports('express'));
  });

  it('reads member paths, strings through consts and templates', () => {
    const ix = index(`const BASE = '/api'; const V = \`\${BASE}/v1\`; const X = 'a' + 'b'; this.http.get(V);`);
    const call = ix.nodesOf('CallExpression')[0];
    assert.equal(calleeName(call), 'this.http.get');
    assert.equal(stringValue(call.arguments[0] as AstNode, ix), '/api/v1');
    assert.equal(stringValue(ix.constInit('X'), ix), 'ab');
    assert.deepEqual(memberPath(call.callee as AstNode), ['this', 'http', 'get']);
  });

  it('names enclosing functions without line numbers', () => {
    const ix = index(`class UserController { async show(req, res) { res.send(1); } }
exports.list = (req, res) => { res.send(2); };
router.get('/users', (req, res) => { res.send(3); });
function login() { return res.send(4); }
`);
    const sends = ix.nodesOf('CallExpression').filter((c) => calleeName(c) === 'res.send');
    assert.deepEqual(sends.map((s) => ix.enclosingFunctionName(s)), ['UserController.show', 'list', "router.get('/users')", 'login']);
  });

  it('collects CommonJS and ES exports', () => {
    const cjs = index(`function a() {} const b = () => 1; module.exports = { a, c: b };`, 'm.js');
    assert.deepEqual([...cjs.exports.keys()].sort(), ['a', 'c', 'default']);
    const esm = index(`export function f() {} export const g = 1; const h = 2; export { h as k }; export default class C {}`);
    assert.deepEqual([...esm.exports.keys()].sort(), ['default', 'f', 'g', 'k']);
  });

  it('tells where a secret comes from', () => {
    const ix = index(`const S = 'lit'; const cfg = { secret: 'x' };
f(S); f(process.env.SECRET); f(process.env.SECRET || 'dev'); f(config.jwt.secret); f(fs.readFileSync('k.pem')); f(cfg.secret); f(getKey());`);
    const origins = ix.nodesOf('CallExpression').filter((c) => calleeName(c) === 'f').map((c) => valueOrigin(c.arguments[0] as AstNode, ix));
    assert.deepEqual(origins, ['literal', 'env', 'env-fallback', 'config', 'file', 'literal', 'dynamic']);
  });

  it('finds the initialiser visible in a function scope', () => {
    const ix = index(`function a() { const user = req.user; if (!user) return 1; }
function b() { const user = load(); if (!user) return 2; }`);
    const ids = ix.nodesOf('IfStatement').map((s) => (s.test as { argument: AstNode }).argument);
    assert.equal(ix.text(ix.initAt('user', ids[0])!), 'req.user');
    assert.equal(ix.text(ix.initAt('user', ids[1])!), 'load()');
  });

  it('finds the nodes under a node from the index as a walk of it does, and walks trees whose spans do not nest', () => {
    /** nodesUnder as it was: a walk of the subtree. */
    const walked = (root: AstNode, type: string): AstNode[] => {
      const out: AstNode[] = [];
      const stack = [root];
      while (stack.length) {
        const node = stack.pop()!;
        if (node.type === type) out.push(node);
        const children = childNodes(node);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      }
      return out;
    };
    const ix = index(`import { a } from 'a';
export function f(x) { if (x) { g(x.y, (z) => z.w(h(1))); } return k(x) + a.b.c(d(e)); }
const o = { m() { return n(p, q.r(s)); }, t: (u) => v(u) };
@Dec() class C { @Prop() x = y(1); method() { this.z(w(2)); } }
f(f(f(1)));
`);
    const roots = [ix.program as AstNode, ...ix.nodesOf('FunctionDeclaration'), ...ix.nodesOf('ArrowFunctionExpression'), ...ix.nodesOf('CallExpression'), ...ix.nodesOf('MemberExpression'), ...ix.nodesOf('ClassDeclaration'), ...ix.nodesOf('ObjectExpression')];
    for (const root of roots) {
      for (const type of ['CallExpression', 'MemberExpression', 'Identifier', 'ArrowFunctionExpression', 'Decorator', 'ReturnStatement', root.type]) {
        const got = nodesUnder(root, type as 'CallExpression');
        const want = walked(root, type);
        assert.equal(got.length, want.length, `${type} under ${root.type} at ${root.start}`);
        got.forEach((node, i) => assert.equal(node, want[i]));
      }
    }
    // A call whose callee starts inside the previous call's span still belongs to its own parent.
    const nested = ix.nodesOf('CallExpression').filter((c) => c.start === ix.content.indexOf('f(f(f(1)))'));
    assert.equal(nodesUnder(nested[0], 'CallExpression').length, 3);
    // A spread copy of an indexed node (it carries the original's parent link) with other children: walked.
    const fn = ix.nodesOf('FunctionDeclaration')[0];
    const call = ix.nodesOf('CallExpression').find((c) => c.start > fn.end)!;
    const statement = { type: 'ExpressionStatement', expression: call, start: call.start, end: call.end };
    const view = { ...fn, body: { ...fn.body!, body: [statement] } } as unknown as AstNode;
    assert.deepEqual(nodesUnder(view, 'CallExpression'), walked(view, 'CallExpression'));
    assert.ok(nodesUnder(view, 'CallExpression').includes(call));
    const bodyCopy = { ...fn.body! } as unknown as AstNode;
    assert.deepEqual(nodesUnder(bodyCopy, 'CallExpression'), walked(bodyCopy, 'CallExpression'));
    // A hand-made tree whose child lies outside its parent's span: the index keeps no lists, and nodesUnder walks.
    const inner = { type: 'Identifier', name: 'late', start: 50, end: 54 };
    const outer = { type: 'CallExpression', callee: inner, arguments: [], optional: false, start: 0, end: 10 };
    const top = { type: 'ExpressionStatement', expression: outer, start: 0, end: 10 };
    const program = { type: 'Program', body: [top], sourceType: 'module', hashbang: null, comments: [], start: 0, end: 10 };
    const parsed = { program, lineAt: () => 1, text: () => '' } as unknown as ParsedJs;
    indexFromParsed({ path: 'x.js', content: 'f()' }, parsed);
    assert.deepEqual(nodesUnder(top as unknown as AstNode, 'Identifier'), [inner]);
  });
});
