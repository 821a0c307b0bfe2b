import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CryptoFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('InsecureSkipVerify, old MinVersion and insecure gRPC credentials', () => {
  const { facts } = runExtractor(extractor, {
    'tls.go': `package x
import ("crypto/tls"; "google.golang.org/grpc"; "google.golang.org/grpc/credentials/insecure")
func a() *tls.Config { return &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10} }
func b() *tls.Config { return &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12} }
type opts struct{ InsecureSkipVerify bool }
func c() opts { return opts{InsecureSkipVerify: true} }
func d() { grpc.Dial("x:1", grpc.WithTransportCredentials(insecure.NewCredentials())) }
`,
  });
  assert.deepEqual(facts.filter((f): f is CryptoFact => f.kind === 'crypto').map((f) => `${f.evidence.line} ${f.algorithm} ${f.purpose} ${f.weak}`), ['3 InsecureSkipVerify tls true', '3 VersionTLS10 tls true', '7 grpc-insecure tls true']);
});
