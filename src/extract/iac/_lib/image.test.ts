import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imagePurl, parseImageRef, pinOf, storeOfImage, versionOf } from './image.js';

describe('extract/iac/_lib/image', () => {
  test('parses references', () => {
    assert.deepEqual(parseImageRef('node:20-alpine'), { registry: undefined, path: 'node', name: 'node', tag: '20-alpine', digest: undefined });
    assert.deepEqual(parseImageRef('docker.io/library/redis'), { registry: undefined, path: 'redis', name: 'redis', tag: undefined, digest: undefined });
    assert.deepEqual(parseImageRef('localhost:5000/team/app:1.2'), {
      registry: 'localhost:5000',
      path: 'team/app',
      name: 'localhost:5000/team/app',
      tag: '1.2',
      digest: undefined,
    });
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = parseImageRef(`gcr.io/distroless/nodejs20-debian12:nonroot@${digest}`);
    assert.equal(pinned?.registry, 'gcr.io');
    assert.equal(pinned?.tag, 'nonroot');
    assert.equal(pinned?.digest, digest);
    assert.equal(parseImageRef('${BASE}'), undefined);
    assert.equal(parseImageRef('Not An Image'), undefined);
  });

  test('pin kind, version and purl', () => {
    const latest = parseImageRef('postgres')!;
    assert.equal(pinOf(latest), 'latest');
    assert.equal(versionOf(latest), 'latest');
    assert.equal(pinOf(parseImageRef('postgres:latest')!), 'latest');
    assert.equal(pinOf(parseImageRef(`postgres@sha256:${'b'.repeat(64)}`)!), 'digest');
    assert.equal(imagePurl(parseImageRef('bitnami/redis:7.2')!), 'pkg:docker/bitnami/redis@7.2');
    assert.equal(imagePurl(parseImageRef('ghcr.io/acme/api:1.0')!), 'pkg:docker/acme/api@1.0?repository_url=ghcr.io');
    assert.equal(imagePurl(parseImageRef(`alpine@sha256:${'c'.repeat(64)}`)!), `pkg:docker/alpine@sha256%3A${'c'.repeat(64)}`);
  });

  test('recognises data store images', () => {
    assert.equal(storeOfImage(parseImageRef('postgres:16')!)?.tech, 'postgres');
    assert.equal(storeOfImage(parseImageRef('bitnami/postgresql:16')!)?.tech, 'postgres');
    assert.equal(storeOfImage(parseImageRef('redis:7-alpine')!)?.storeKind, 'cache');
    assert.equal(storeOfImage(parseImageRef('docker.elastic.co/elasticsearch/elasticsearch:8.13.0')!)?.tech, 'elasticsearch');
    assert.equal(storeOfImage(parseImageRef('mcr.microsoft.com/mssql/server:2022-latest')!)?.tech, 'mssql');
    assert.equal(storeOfImage(parseImageRef('nginx:1.27')!), undefined);
  });
});
