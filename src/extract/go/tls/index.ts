// TLS client and server settings in Go: `tls.Config{InsecureSkipVerify: true}` (certificate
// checks off), MinVersion below TLS 1.2, gRPC `grpc.WithInsecure()` / `insecure.NewCredentials()`
// (plaintext channels). Emitted as `crypto` facts with purpose `tls`.
import type { SgNode } from '@ast-grep/napi';
import type { CryptoFact, FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { goIndex, isGoFile, type GoIndex } from '../_lib/index.js';

function crypto(index: GoIndex, at: SgNode, algorithm: string, reason: string, key: string): FactInput {
  const f: Omit<CryptoFact, 'extractor'> = { kind: 'crypto', algorithm, purpose: 'tls', weak: true, reason, evidence: index.evidence(at), key: `${index.file}#crypto:${key}` };
  return f;
}

export const extractor: Extractor = {
  id: 'go/tls',
  title: 'Go TLS: InsecureSkipVerify, old minimum versions, insecure gRPC credentials',
  matches: isGoFile,
  signals: ['InsecureSkipVerify', 'MinVersion', 'WithInsecure', 'insecure.NewCredentials'],
  extract(file, ctx) {
    const index = goIndex(file, ctx);
    const out: FactInput[] = [];
    // Each search runs only when the file's text holds what it looks for (a search costs a walk of the tree).
    const settings = /InsecureSkipVerify|MinVersion/.test(file.content);
    for (const el of settings ? index.root.findAll({ rule: { kind: 'keyed_element', regex: '^(InsecureSkipVerify|MinVersion)\\s*:' } }) : []) {
      const [k, v] = el.namedChildren().map((c) => c.text().trim());
      const enclosing = el.ancestors().find((a) => a.kind() === 'composite_literal')?.field('type')?.text() ?? '';
      if (!/tls\.Config$/.test(enclosing)) continue;
      if (k === 'InsecureSkipVerify' && v === 'true') {
        const fn = el.ancestors().find((a) => a.kind() === 'function_declaration' || a.kind() === 'method_declaration');
        out.push(crypto(index, el, 'InsecureSkipVerify', 'tls.Config InsecureSkipVerify: true accepts any server certificate', `InsecureSkipVerify:${fn?.field('name')?.text() ?? ''}`));
      }
      if (k === 'MinVersion' && /VersionTLS1[01]$|VersionSSL30$/.test(v)) out.push(crypto(index, el, v.replace(/^tls\./, ''), `tls.Config MinVersion ${v} allows deprecated protocol versions`, `MinVersion:${v}`));
    }
    const insecure = /WithInsecure|insecure\s*\.\s*NewCredentials/.test(file.content);
    for (const call of insecure ? index.root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '(WithInsecure|insecure\\.NewCredentials)$' } } }) : []) {
      out.push(crypto(index, call, 'grpc-insecure', 'gRPC connection without transport security (plaintext)', `grpc-insecure`));
    }
    return out.length > 0 ? out : null;
  },
};
