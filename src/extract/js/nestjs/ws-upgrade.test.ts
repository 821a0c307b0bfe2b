// A ws server a Nest module upgrades on one path through a helper (`adapter.handleUpgrade(this.path,
// httpServer)` with `private path = '/collab'`): the connection sits on that path (routes-socket.ts wsPath).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

const MODULE = `import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocket } from 'ws';
import { CollabWsAdapter } from './adapter';
@Module({})
export class CollaborationModule implements OnModuleInit {
  private adapter: CollabWsAdapter;
  private path = '/collab';
  constructor(private readonly gateway: any, private readonly host: HttpAdapterHost) {}
  onModuleInit() {
    this.adapter = new CollabWsAdapter();
    const wss = this.adapter.handleUpgrade(this.path, this.host.httpAdapter.getHttpServer());
    wss.on('connection', (client: WebSocket, request: any) => {
      this.gateway.handleConnection(client, request);
    });
  }
}`;

describe('ws server upgraded on a path held in a class field', () => {
  it('models the connection on that path', () => {
    const { facts } = runExtractors([express, auth], { 'src/collaboration.module.ts': MODULE });
    const paths = (facts as Fact[]).filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.protocol === 'websocket').map((e) => e.path);
    assert.deepEqual(paths, ['/collab#connection']);
  });
});
