// Ciphers and transport: createCipher (no IV, MD5 key derivation), ECB mode and broken ciphers,
// hard-coded keys/IVs, crypto-js with a passphrase literal, and TLS verification switched off.
import type { FactInput } from '../../../model/types.js';
import { literalValue, memberPath, propertyKey, stringValue, valueOrigin, type AstNode, type JsIndex } from '../_lib/ast.js';
import { cryptoFact } from './hashing.js';

const BROKEN_CIPHER = /(^|-)(des|des3|des-ede\w*|rc4|rc2|bf|blowfish|cast5?|idea|seed)($|-)/i;

export function cipherFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    if (r === 'crypto.createCipher' || r === 'crypto.createDecipher') {
      const alg = stringValue(call.arguments[0] as AstNode, index) ?? '?';
      out.push(cryptoFact(index, call, alg, 'encryption', true, `${r.split('.')[1]} derives the key with MD5 and uses no IV (deprecated)`));
    } else if (r === 'crypto.createCipheriv' || r === 'crypto.createDecipheriv') {
      const alg = stringValue(call.arguments[0] as AstNode, index) ?? '?';
      const keyOrigin = valueOrigin(call.arguments[1] as AstNode, index);
      const ivOrigin = valueOrigin(call.arguments[2] as AstNode, index);
      const reason = /ecb/i.test(alg)
        ? `${alg} uses ECB mode, which leaks patterns in the plaintext`
        : BROKEN_CIPHER.test(alg)
          ? `${alg} is a broken or legacy cipher`
          : keyOrigin === 'literal'
            ? 'hard-coded encryption key'
            : ivOrigin === 'literal' && r === 'crypto.createCipheriv'
              ? 'static IV'
              : undefined;
      out.push(cryptoFact(index, call, alg, 'encryption', !!reason, reason));
    } else if (/^crypto-js\.(AES|DES|TripleDES|RC4|Rabbit)\.(encrypt|decrypt)$/.test(r)) {
      const alg = r.split('.')[1];
      const keyOrigin = valueOrigin(call.arguments[1] as AstNode, index);
      const reason = alg !== 'AES' ? `${alg} is a broken or legacy cipher` : keyOrigin === 'literal' ? 'hard-coded encryption key' : undefined;
      out.push(cryptoFact(index, call, alg.toLowerCase(), 'encryption', !!reason, reason));
    } else if (r === 'crypto.pseudoRandomBytes') {
      out.push(cryptoFact(index, call, 'pseudoRandomBytes', 'random', true, 'pseudoRandomBytes is not cryptographically secure'));
    }
  }
  // rejectUnauthorized: false / NODE_TLS_REJECT_UNAUTHORIZED = '0'
  for (const prop of index.nodesOf('Property')) {
    if (propertyKey(prop) === 'rejectUnauthorized' && literalValue(prop.value as AstNode, index) === false) {
      out.push(cryptoFact(index, prop, 'tls', 'tls', true, 'TLS certificate validation disabled (rejectUnauthorized: false)'));
    }
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode)?.join('.');
    if (path === 'process.env.NODE_TLS_REJECT_UNAUTHORIZED' && String(literalValue(assign.right, index)) === '0') {
      out.push(cryptoFact(index, assign, 'tls', 'tls', true, 'TLS certificate validation disabled process-wide'));
    }
  }
  return out;
}
