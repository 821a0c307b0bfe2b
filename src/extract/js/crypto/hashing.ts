// Hash and key-derivation calls: node crypto createHash/createHmac/pbkdf2/scrypt, bcrypt, argon2,
// md5/sha1/crypto-js helpers. A fast or broken hash used on a password is weak.
import type { CryptoFact, FactInput } from '../../../model/types.js';
import { calleeName, literalValue, nodesUnder, stringValue, unwrap, valueOrigin, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { numericArg } from './values.js';
import { hashedValues, nearbyNames, purposeOf } from './purpose.js';

const BROKEN = /^(md2|md4|md5|sha1|sha-1|ripemd|ripemd160|rmd160)$/i;
const FAST = /^(sha224|sha256|sha384|sha512|sha-256|sha-512|sha3-\d+|sha512-256|blake2\w*)$/i;
const HELPERS: Record<string, string> = {
  md5: 'md5', 'md5.default': 'md5', 'blueimp-md5': 'md5', sha1: 'sha1', 'js-sha1': 'sha1', 'js-sha256': 'sha256', 'js-sha256.sha256': 'sha256',
  'crypto-js.MD5': 'md5', 'crypto-js.SHA1': 'sha1', 'crypto-js.SHA256': 'sha256', 'crypto-js.SHA512': 'sha512', 'crypto-js/md5': 'md5', 'crypto-js/sha1': 'sha1', 'crypto-js/sha256': 'sha256',
};

export function cryptoFact(index: JsIndex, at: AstNode, algorithm: string, purpose: CryptoFact['purpose'], weak: boolean, reason?: string): FactInput {
  const fact: FactInput = {
    kind: 'crypto',
    algorithm,
    purpose,
    weak,
    evidence: index.evidence(at),
    key: `${index.file}#crypto:${index.enclosingFunctionName(at)}:${algorithm}:${purpose}`,
  };
  if (reason) fact.reason = reason;
  return fact;
}

function judgeHash(index: JsIndex, call: CallLike, algorithm: string, values: string[]): FactInput {
  const purpose = purposeOf(nearbyNames(call, index), values);
  if (BROKEN.test(algorithm)) {
    return cryptoFact(index, call, algorithm.toLowerCase(), purpose, true, purpose === 'password' ? `${algorithm} is a fast, broken hash: passwords hashed with it are cracked quickly` : `${algorithm} is collision-prone`);
  }
  if (FAST.test(algorithm) && purpose === 'password') {
    // A digest of a configured secret (`createHash('sha256').update(process.env.DOC_KEY)`) derives
    // an encryption key from it: no user's password is hashed, whatever the names around say.
    if (configuredSecretOnly(values)) return cryptoFact(index, call, algorithm.toLowerCase(), 'encryption', false, `${algorithm} derives a key from a configured secret`);
    if (preHashed(call, index)) return cryptoFact(index, call, algorithm.toLowerCase(), purpose, false, `${algorithm} pre-hash; the digest goes on to a slow password hash`);
    return cryptoFact(index, call, algorithm.toLowerCase(), purpose, true, `${algorithm} is a fast general-purpose hash without a work factor: unsuitable for passwords`);
  }
  return cryptoFact(index, call, algorithm.toLowerCase(), purpose, false);
}

/** `process.env.KEY`, `String(process.env.KEY)`, `import.meta.env.KEY`. */
const ENV_VALUE = /^(String\(\s*)?(process\.env|import\.meta\.env)\.\w+(\s*\))?(\s*(\?\?|\|\|)\s*['"`][^'"`]*['"`])?$/;

/** Every value hashed, besides literals (the algorithm's name), is read from the environment. */
function configuredSecretOnly(values: string[]): boolean {
  const hashed = values.filter((v) => !/^['"`]/.test(v.trim()));
  return hashed.length > 0 && hashed.every((v) => ENV_VALUE.test(v.trim()));
}

const SLOW_HASH_CALL = /hash|bcrypt|scrypt|argon|pbkdf|kdf/i;

/**
 * A fast digest of a password kept in a variable that a later call of the same function hands to
 * a slow password hash (`password = sha512(password); bcrypt.hash(password)`, or through a worker
 * pool: `pool.exec('hash', [password, rounds])`): a pre-hash to fit bcrypt's 72-byte input, not the
 * stored hash.
 */
function preHashed(call: CallLike, index: JsIndex): boolean {
  let top: AstNode = call;
  for (let p = index.parent(top); p && (p.type === 'CallExpression' || p.type === 'MemberExpression' || p.type === 'AwaitExpression'); p = index.parent(p)) top = p;
  const holder = index.parent(top);
  const name = holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name
    : holder?.type === 'AssignmentExpression' && holder.left.type === 'Identifier' ? holder.left.name : undefined;
  const fn = index.enclosingFunction(call);
  if (!name || !fn?.body) return false;
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => {
    if (c.start <= top.end) return false;
    const passes = c.arguments.some((a) => {
      const arg = unwrap(a as AstNode);
      return (arg.type === 'Identifier' && arg.name === name) || (arg.type === 'ArrayExpression' && arg.elements.some((e) => e?.type === 'Identifier' && e.name === name));
    });
    if (!passes) return false;
    const first = stringValue(c.arguments[0] as AstNode, index) ?? '';
    const callee = index.resolvedCallee(c) ?? calleeName(c) ?? '';
    // Checking a login goes the same way: `bcrypt.compare(digest, stored)`, `pool.exec('compare', [digest, stored])`.
    return SLOW_HASH_CALL.test(callee) || SLOW_HASH_CALL.test(first) || /^(compare|verify)$/.test(first) || /^(@node-rs\/)?(bcrypt|argon2)[\w-]*\.(compare|compareSync|verify)$/.test(callee);
  });
}

/** A KDF derives from a password unless the names say it hashes a key or token. */
function kdfPurpose(call: CallLike, index: JsIndex): CryptoFact['purpose'] {
  const p = purposeOf(nearbyNames(call, index), [index.text(call.arguments[0] as AstNode)]);
  return p === 'hash' ? 'password' : p;
}

export function hashFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    if (r === 'crypto.createHash') {
      const alg = stringValue(call.arguments[0] as AstNode, index);
      if (alg) out.push(judgeHash(index, call, alg, hashedValues(call, index)));
    } else if (r === 'crypto.createHmac') {
      const alg = stringValue(call.arguments[0] as AstNode, index) ?? '?';
      const keyOrigin = valueOrigin(call.arguments[1] as AstNode, index);
      // The key (second argument) is not what is hashed: `createHmac('sha256', env.SECRET_PASSWORD)` signs data.
      const values = hashedValues(call, index).filter((_, i) => i !== 1);
      const purpose = purposeOf(nearbyNames(call, index), values);
      if (keyOrigin === 'literal') out.push(cryptoFact(index, call, `hmac-${alg}`, purpose === 'hash' ? 'signature' : purpose, true, 'hard-coded HMAC key'));
      else if (purpose === 'password') out.push(judgeHash(index, call, alg, values));
      else out.push(cryptoFact(index, call, `hmac-${alg}`, 'signature', false));
    } else if (HELPERS[r]) {
      out.push(judgeHash(index, call, HELPERS[r], call.arguments.map((a) => index.text(a as AstNode))));
    } else if (/^bcrypt[\w-]*\.(hash|hashSync|genSalt|genSaltSync)$/.test(r)) {
      const rounds = numericArg(call.arguments[r.includes('genSalt') ? 0 : 1] as AstNode, index);
      const weak = typeof rounds === 'number' && rounds < 10;
      out.push(cryptoFact(index, call, 'bcrypt', 'password', weak, weak ? `bcrypt cost ${rounds} is below 10` : undefined));
    } else if (/^(argon2|@node-rs\/argon2|@node-rs\/bcrypt)\.(hash|hashSync)$/.test(r)) {
      out.push(cryptoFact(index, call, r.includes('argon2') ? 'argon2' : 'bcrypt', 'password', false));
    } else if (r === 'crypto.pbkdf2' || r === 'crypto.pbkdf2Sync') {
      const iterations = numericArg(call.arguments[2] as AstNode, index);
      const digest = stringValue(call.arguments[4] as AstNode, index) ?? 'sha1';
      const staticSalt = valueOrigin(call.arguments[1] as AstNode, index) === 'literal';
      const reason = typeof iterations === 'number' && iterations < 10000 ? `pbkdf2 with only ${iterations} iterations` : BROKEN.test(digest) && literalValue(call.arguments[4] as AstNode, index) !== undefined ? `pbkdf2 with ${digest}` : staticSalt ? 'pbkdf2 with a hard-coded salt' : undefined;
      out.push(cryptoFact(index, call, `pbkdf2-${digest}`, kdfPurpose(call, index), !!reason, reason));
    } else if (r === 'crypto.scrypt' || r === 'crypto.scryptSync') {
      const staticSalt = valueOrigin(call.arguments[1] as AstNode, index) === 'literal';
      out.push(cryptoFact(index, call, 'scrypt', kdfPurpose(call, index), staticSalt, staticSalt ? 'scrypt with a hard-coded salt' : undefined));
    }
  }
  return out;
}
