import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calleeName, jsIndex, memberPath, stringValue, valueOrigin, type AstNode, type JsIndex } from './ast.js';
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
});
