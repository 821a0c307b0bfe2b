// Hocuspocus collaboration sockets: an entry point where the server takes its sockets, with the
// auth of an `onAuthenticate` hook that refuses (in the options, an extension object, or an
// extension class of another file), also when a connection hands the socket to an injected service.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

function sockets(files: Record<string, string>): string[] {
  const { facts } = runExtractors([express, auth], files);
  return (facts as Fact[])
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.protocol === 'websocket')
    .map((e) => `${e.path} ${e.auth} ${e.handler?.file}:${e.handler?.line}`)
    .sort();
}

const EXTENSION = (check: string) => `
import { Extension, onAuthenticatePayload } from '@hocuspocus/server';
export class AuthenticationExtension implements Extension {
  constructor(private tokenService: TokenService) {}
  async onAuthenticate(data: onAuthenticatePayload) {
    const { token } = data;
    ${check}
    return { user: payload.sub };
  }
}
`;
const VERIFIES = `let payload;
    try { payload = await this.tokenService.verifyJwt(token); } catch (e) { throw new UnauthorizedException('Invalid collab token'); }`;
const LOGS = `const payload = decode(token); this.logger.debug('collab token ' + token);`;

describe('routes-hocuspocus', () => {
  const nest = (check: string) => ({
    'src/collab/collaboration.module.ts': `
import { Module, OnModuleInit } from '@nestjs/common';
import { WebSocketServer } from 'ws';
import { CollaborationGateway } from './collaboration.gateway';
export class CollaborationModule implements OnModuleInit {
  constructor(private readonly collaborationGateway: CollaborationGateway) {}
  onModuleInit() {
    const wss = new WebSocketServer({ server: httpServer, path: '/collab' });
    wss.on('connection', (client, request) => {
      this.collaborationGateway.handleConnection(client, request);
      client.on('error', (error) => this.logger.error(error));
    });
  }
}
`,
    'src/collab/collaboration.gateway.ts': `
import { Hocuspocus } from '@hocuspocus/server';
import { Injectable } from '@nestjs/common';
import { AuthenticationExtension } from './extensions/authentication.extension';
import { PersistenceExtension } from './extensions/persistence.extension';
@Injectable()
export class CollaborationGateway {
  private readonly hocuspocus: Hocuspocus;
  constructor(private authenticationExtension: AuthenticationExtension, private persistenceExtension: PersistenceExtension) {
    this.hocuspocus = new Hocuspocus({ extensions: [this.authenticationExtension, this.persistenceExtension] });
  }
  handleConnection(client, request) {
    this.hocuspocus.handleConnection(client, request);
  }
}
`,
    'src/collab/extensions/authentication.extension.ts': EXTENSION(check),
    'src/collab/extensions/persistence.extension.ts': `
import { Extension, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
export class PersistenceExtension implements Extension {
  async onLoadDocument(data: onLoadDocumentPayload) {
    return this.pageRepo.findById(data.documentName);
  }
  async onStoreDocument(data: onStoreDocumentPayload) {
    await this.pageRepo.updatePage({ content: data.document }, data.documentName);
  }
  async onDisconnect(data) {
    this.logger.debug('closed ' + data.documentName);
  }
}
`,
  });

  it('gives a connection handed to an injected service, and the document hooks it reaches, the auth of the Hocuspocus extension that refuses', () => {
    assert.deepEqual(sockets(nest(VERIFIES)), [
      '/collab#connection user src/collab/collaboration.module.ts:9',
      '/collab#onLoadDocument user src/collab/extensions/persistence.extension.ts:4',
      '/collab#onStoreDocument user src/collab/extensions/persistence.extension.ts:7',
    ]);
  });

  it('leaves them public when onAuthenticate never refuses', () => {
    assert.deepEqual(sockets(nest(LOGS)), [
      '/collab#connection none src/collab/collaboration.module.ts:9',
      '/collab#onLoadDocument none src/collab/extensions/persistence.extension.ts:4',
      '/collab#onStoreDocument none src/collab/extensions/persistence.extension.ts:7',
    ]);
  });

  it('reads a server fed by an upgrade handler, its path from the check before it, and a default-exported extension', () => {
    const files = (check: string) => ({
      'server/services/collaboration.ts': `
import { Server } from '@hocuspocus/server';
import WebSocket from 'ws';
import AuthenticationExtension from '../collaboration/AuthenticationExtension';
import PersistenceExtension from '../collaboration/PersistenceExtension';
export default function init(server) {
  const path = '/collaboration';
  const wss = new WebSocket.Server({ noServer: true });
  const hocuspocus = Server.configure({ extensions: [new AuthenticationExtension(), new PersistenceExtension()] });
  server.on('upgrade', function (req, socket, head) {
    if (req.url?.startsWith(path)) {
      wss.handleUpgrade(req, socket, head, (client) => {
        hocuspocus.handleConnection(client, req);
      });
    }
  });
}
`,
      'server/collaboration/PersistenceExtension.ts': `
import type { onStoreDocumentPayload } from '@hocuspocus/server';
export default class PersistenceExtension {
  async onStoreDocument({ document, documentName, context }: onStoreDocumentPayload) {
    await documentCollaborativeUpdater({ documentId: documentName, ydoc: document, userId: context.user?.id });
  }
}
`,
      'server/collaboration/AuthenticationExtension.ts': `
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
export default class AuthenticationExtension implements Extension {
  async onAuthenticate({ token, documentName }) {
    ${check}
    return { user };
  }
}
`,
    });
    assert.deepEqual(sockets(files(`if (!token) { throw AuthenticationError('Authentication required'); }\n    const { user } = await getUserForJWT(token);`)), [
      '/collaboration#connection user server/services/collaboration.ts:13',
      '/collaboration#onStoreDocument user server/collaboration/PersistenceExtension.ts:4',
    ]);
    assert.deepEqual(sockets(files(`const user = token ? await getUserForJWT(token) : undefined;`)), [
      '/collaboration#connection none server/services/collaboration.ts:13',
      '/collaboration#onStoreDocument none server/collaboration/PersistenceExtension.ts:4',
    ]);
  });

  it('judges onAuthenticate in the options or an extension object, for a standalone server and a ws connection callback', () => {
    const standalone = (hooks: string) => ({
      'collab.js': `
const { Server } = require('@hocuspocus/server');
const server = Server.configure({ port: 1234, ${hooks} });
server.listen();
`,
    });
    assert.deepEqual(sockets(standalone(`async onAuthenticate({ token }) { if (token !== process.env.COLLAB_TOKEN) throw new Error('Not authorized'); }`)), ['/#connection user collab.js:3']);
    assert.deepEqual(sockets(standalone(`extensions: [{ onAuthenticate: async ({ token }) => { if (!(await verify(token))) throw new Error('no'); } }]`)), ['/#connection user collab.js:3']);
    // A hook that only logs reaches nothing.
    assert.deepEqual(sockets(standalone(`async onLoadDocument({ documentName }) { return load(documentName); }, onChange({ documentName }) { log(documentName); }`)), [
      '/#connection none collab.js:3',
      '/#onLoadDocument none collab.js:3',
    ]);
    assert.deepEqual(
      sockets({
        'ws.js': `
const { Hocuspocus } = require('@hocuspocus/server');
const { WebSocketServer } = require('ws');
const hocuspocus = new Hocuspocus({ async onAuthenticate(data) { if (!data.token) throw new Error('Unauthorized'); } });
const wss = new WebSocketServer({ port: 1234 });
wss.on('connection', (ws, req) => { hocuspocus.handleConnection(ws, req); });
`,
      }),
      ['/#connection user ws.js:6'],
    );
  });
});
