import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const RPC = `var xmlrpc = require('xmlrpc');
var server = xmlrpc.createServer({ port: process.env.XML_RPC_PORT, path: '/xmlrpc' });
server.on('error', function (err) { console.error(err); });
server.on('NotFound', function (method, params) {});
server.on('app.version', function (err, params, callback) {
  callback(null, '1.0');
});
server.on('app.delete', function (err, params, callback) {
  if (!checkAuth(params[0], params[1])) return callback({ faultCode: 401 });
  callback(null, true);
});
`;

describe('extract/js/xmlrpc', () => {
  test('each method of an XML-RPC server is an entry point on its own listener', () => {
    const { facts } = runExtractor(extractor, { 'rpc_server.js': RPC });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(
      eps.map((e) => [e.method, e.path, e.auth, e.evidence.line, e.handler?.line, e.tags]),
      [
        ['POST', '/xmlrpc#app.version', 'none', 5, 5, ['xml-rpc', 'own-listener']],
        ['POST', '/xmlrpc#app.delete', 'unknown', 8, 8, ['xml-rpc', 'own-listener']],
      ],
    );
  });

  test('an `on` of anything else is no method', () => {
    assert.equal(runExtractor(extractor, { 'a.js': "const xmlrpc = require('xmlrpc');\nconst client = xmlrpc.createClient({ port: 1 });\nemitter.on('x', (a) => a);\nconst s = http.createServer();\ns.on('request', () => {});\n" }).facts.length, 0);
  });
});
