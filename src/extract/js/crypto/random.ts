// Math.random() used to make tokens, secrets, passwords, OTPs, salts or session ids: predictable
// values where an unguessable one is needed. Uses of Math.random for other things are not facts.
import type { FactInput } from '../../../model/types.js';
import { calleeName, type JsIndex } from '../_lib/ast.js';
import { cryptoFact } from './hashing.js';
import { nearbyNames, PASSWORD, TOKEN } from './purpose.js';

const NOT_SECRET = /^(key|keyframe|reactKey|colorKey|animationKey)$|color|delay|jitter|backoff|retry|timeout|sample|shuffle|position|offset|width|height|opacity|index|random(Int|Number|Float)?$|avatar|placeholder|style|class/i;

export function randomFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeName(call) !== 'Math.random') continue;
    const names = nearbyNames(call, index);
    const secretName = names.find((n) => (TOKEN.test(n) || PASSWORD.test(n)) && !NOT_SECRET.test(n));
    if (!secretName) continue;
    out.push(cryptoFact(index, call, 'Math.random', 'token', true, `Math.random() is predictable; used for ${secretName}`));
  }
  return out;
}
