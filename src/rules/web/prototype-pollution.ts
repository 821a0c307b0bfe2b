// Prototype pollution through request-controlled keys: reports tainted `merge` sink facts from the taint extractors.
import { at, reachedOnlyByAdmins, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';
import { whitelistedNestBody } from './mass-assignment.js';

export const rule = defineRule({
  meta: {
    id: 'prototype-pollution',
    pack: 'web',
    title: 'Prototype pollution through request-controlled keys',
    description:
      'Request data is deep-merged into an object, or request values choose nested keys of an assignment, so a client can set __proto__ or constructor.prototype properties that change the behaviour of every object in the process.',
    stride: ['T', 'E', 'D'],
    cwe: ['CWE-1321'],
    capec: ['CAPEC-77'],
    attack: ['T1190'],
    owasp: ['A08:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'send __proto__ keys in {{source}} that {{api}} copies onto Object.prototype',
      threatImpact: 'bypassing authorisation checks, crashing the service or, with gadgets, running code',
      impactedGoal: ['integrity', 'availability'],
      impactedAssets: ['application logic', 'server process'],
    },
    mitigation: {
      title: 'Merge only known keys and block prototype keys',
      content:
        'Validate request objects against a schema before merging, copy only allow-listed keys, use Object.create(null) or Map for dynamic keys, reject __proto__, constructor and prototype keys, and keep merge libraries up to date.',
      controls: { cwe: ['CWE-1321'], asvs: ['V5.1.2'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, validate {{source}} against a schema and reject __proto__, constructor and prototype keys before {{api}}.',
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Prototype_Pollution_Prevention_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/1321.html',
    ],
  },
  check(ctx) {
    // A Nest body typed by a DTO under a whitelisting ValidationPipe keeps only declared keys: no
    // top-level `__proto__` or `constructor`; only an object-typed member could still carry one.
    const dtoChecked = whitelistedNestBody(ctx);
    reportTaintSinks(ctx, {
      kind: 'merge',
      confidence: (f) => (dtoChecked(f) ? 'low' : undefined),
      // Keys chosen by an administrator, who configures the application anyway: low.
      impact: (f) => (reachedOnlyByAdmins(ctx, f) ? 'low' : undefined),
      remediation: (f) =>
        f.api === 'recursive merge' || f.api === 'computed property assignment'
          ? `At ${at(f)}, skip the keys __proto__, constructor and prototype (or test Object.hasOwn) before writing keys taken from ${f.source}.`
          : `At ${at(f)}, validate ${f.source} against a schema or pick allowed keys before ${f.api}, and keep the library on a version that blocks __proto__.`,
    });
  },
});
