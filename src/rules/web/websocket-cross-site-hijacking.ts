import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey, scopeOf } from './_web-routes.js';

/** SameSite values that keep the cookie off a cross-site WebSocket handshake. */
const SAME_SITE = new Set(['strict', 'lax']);

export const rule = defineRule({
  meta: {
    id: 'websocket-cross-site-hijacking',
    pack: 'web',
    title: 'WebSocket handshake authenticated by cookie without an Origin check in {{file}}',
    description:
      'At {{file}}:{{line}} the {{library}} server authenticates the WebSocket handshake ({{hook}}) by the browser\'s {{by}} cookie and never checks the Origin header. Browsers attach cookies to cross-site WebSocket handshakes and WebSockets are not bound by CORS, so a page on any site the victim visits can open the socket as the victim, read what it pushes and send messages in their name.',
    stride: ['S', 'I'],
    cwe: ['CWE-1385', 'CWE-346'],
    capec: ['CAPEC-62'],
    attack: ['T1185'],
    owasp: ['A01:2021', 'A07:2021'],
    // Chrome's Lax-by-default already withholds cookies without a SameSite attribute; other
    // browsers send them, and the victim must open the attacker's page while logged in.
    likelihood: 'low',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker who controls a web page',
      prerequisites: 'that a logged-in user of the application visits',
      threatAction: 'open a WebSocket to the application from that page, carrying the victim\'s cookies',
      threatImpact: 'reading the data the socket sends the victim and acting over it as the victim',
      impactedGoal: ['confidentiality', 'integrity', 'authenticity'],
      impactedAssets: ['user data sent over the WebSocket'],
    },
    mitigation: {
      title: 'Check the Origin of WebSocket handshakes',
      content:
        'Accept a WebSocket handshake only when its Origin header is one of the application\'s own origins (ws: in `verifyClient` or the `upgrade` handler; socket.io: `allowRequest` or `cors.origin`), or authenticate the socket with a token the page sends explicitly instead of a cookie; set SameSite=Lax or Strict on the session cookie.',
      controls: { cwe: ['CWE-1385', 'CWE-346'], asvs: ['V13.5.1', 'V3.4.3'], nist80053: ['SC-23', 'AC-4'] },
      remediation: 'At {{file}}:{{line}} refuse the handshake unless `new URL(origin).host` is the application\'s host (ws: `info.origin` in verifyClient; socket.io: `allowRequest: (req, cb) => cb(null, ALLOWED.includes(req.headers.origin))`).',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#websockets', 'https://cwe.mitre.org/data/definitions/1385.html', 'https://portswigger.net/web-security/websockets/cross-site-websocket-hijacking'],
  },
  check(ctx) {
    const sameSite = new Map<string, ConfigFact[]>();
    for (const c of [...configs(ctx, 'session'), ...configs(ctx, 'cookie')]) {
      const scope = scopeOf(ctx, c.evidence.file);
      sameSite.set(scope, [...(sameSite.get(scope) ?? []), c]);
    }
    for (const f of configs(ctx, 'websocket-cookie-auth')) {
      const v = f.values;
      // A SameSite=Lax/Strict session or cookie of the same service keeps the cookie off the handshake.
      const kind = v.by === 'session' ? 'session' : 'cookie';
      const cookies = sameSite.get(scopeOf(ctx, f.evidence.file)) ?? [];
      if (cookies.some((c) => c.setting === kind && SAME_SITE.has(String(c.values.sameSite)))) continue;
      ctx.report({
        key: factKey(f, 'cswsh'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { library: String(v.library), hook: String(v.hook), by: String(v.by) },
      });
    }
  },
});
