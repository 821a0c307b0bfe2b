// Ticket rendering: one Doc, two formats (GitHub Markdown, Jira ADF), markers, permalinks, feedback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAdf, adfText } from '../../src/trackers/adf.js';
import { ticketBody, ticketTitle } from '../../src/trackers/content.js';
import { code, codeBlock, heading, link, list, paragraph, strong, text } from '../../src/trackers/doc.js';
import { applyTicketState } from '../../src/trackers/feedback.js';
import { escapeMarkdown, renderMarkdown } from '../../src/trackers/markdown.js';
import { githubMarker, parseGithubMarker, parseJira } from '../../src/trackers/marker.js';
import { fileLink, repoWeb } from '../../src/trackers/permalink.js';
import { isRetryable, serverWaitMs } from '../../src/trackers/retry.js';
import type { Ticket } from '../../src/trackers/types.js';
import { threat } from '../diff/model-factory.js';
import { IDS, shopV1 } from './models.js';

describe('Markdown', () => {
  it('escapes model text so it cannot inject markup, links or mentions', () => {
    assert.equal(escapeMarkdown('<img src=x> *bold* [a](b) @alice #12'), '\\<img src=x\\> \\*bold\\* \\[a\\](b) @\u200balice #\u200b12');
    const md = renderMarkdown({ blocks: [heading('A & B'), paragraph(strong('x'), text(' y '), code('a`b'), link('site', 'javascript:alert(1)')), list([[text('one')], [link('two', 'https://e.x/(p)')]]), codeBlock('```\nraw', 'js')] });
    assert.equal(md, '### A & B\n\n**x** y ``a`b``site\n\n- one\n- [two](https://e.x/%28p%29)\n\n````js\n```\nraw\n````');
  });
});

describe('ADF', () => {
  it('renders valid nodes: no empty text, code wins over strong, links as marks', () => {
    const adf = renderAdf({ blocks: [heading('H'), paragraph(text(''), { text: 'c', code: true, strong: true }, link('l', 'https://e.x')), list([[text('i')]]), codeBlock('x = 1', 'python')] });
    assert.deepEqual(adf, {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'H' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'c', marks: [{ type: 'code' }] }, { type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://e.x' } }] }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'i' }] }] }] },
        { type: 'codeBlock', attrs: { language: 'python' }, content: [{ type: 'text', text: 'x = 1' }] },
      ],
    });
    assert.equal(adfText(adf), 'H c l i x = 1');
  });
});

describe('markers', () => {
  it('round-trips the GitHub marker and survives edits around it', () => {
    const marker = githubMarker({ threatId: IDS.sql, product: 'shop', severity: 'high' });
    assert.deepEqual(parseGithubMarker(`Edited intro\n\n${marker}\n\nmore`), { threatId: IDS.sql, product: 'shop', severity: 'high' });
    assert.deepEqual(parseGithubMarker('no marker'), {});
  });

  it('reads Jira labels, falling back to the description footer', () => {
    assert.deepEqual(parseJira(['threatcode', `threatcode-threat-${IDS.sql}`, 'threatcode-product-shop', 'threatcode-severity-low', 'threatcode-fix-not-verified'], ''), { threatId: IDS.sql, product: 'shop', severity: 'low', fixNotVerified: true });
    assert.deepEqual(parseJira(['threatcode'], `… threatcode threat ${IDS.sql} in product shop.`), { threatId: IDS.sql, product: 'shop', fixNotVerified: false });
  });
});

describe('permalinks', () => {
  it('turns clone URLs into web links at the commit, without credentials', () => {
    assert.deepEqual(repoWeb('git@github.com:acme/shop.git'), { web: 'https://github.com/acme/shop', host: 'github' });
    assert.deepEqual(repoWeb('https://user:pw@gitlab.example.com/g/shop.git'), { web: 'https://gitlab.example.com/g/shop', host: 'gitlab' });
    assert.equal(repoWeb('not a url'), undefined);
    assert.equal(fileLink(repoWeb('https://github.com/acme/shop')!, 'abc', 'a b/c.js', 3, 5), 'https://github.com/acme/shop/blob/abc/a%20b/c.js#L3-L5');
    assert.equal(fileLink(repoWeb('https://gitlab.com/acme/shop')!, 'abc', 'c.js', 3), 'https://gitlab.com/acme/shop/-/blob/abc/c.js#L3');
  });
});

describe('ticket content', () => {
  it('titles say what and where', () => {
    assert.equal(ticketTitle(threat('x', { title: 'Passwords hashed with md5 in api/pw.js', severity: 'high', evidence: [{ file: 'api/pw.js', line: 18 }] })), '[high] Passwords hashed with md5 in api/pw.js:18');
    assert.equal(ticketTitle(threat('x', { title: 'Missing rate limit', severity: 'low', evidence: [] })), '[low] Missing rate limit');
  });

  it('an architectural threat names its elements instead of a line', () => {
    const model = shopV1();
    const body = renderMarkdown(ticketBody(threat('x', { evidence: [], elements: ['c-api'], architectural: true }), { model, product: 'shop' }));
    assert.match(body, /Architectural threat \(no single code line\) concerning api\./);
  });

  it('owners come from CODEOWNERS for the evidence file when known', () => {
    const model = shopV1();
    const body = renderMarkdown(ticketBody(model.threats[0], { model, product: 'shop', ownersFor: (f) => (f.startsWith('api/') ? ['@acme/api'] : []) }));
    assert.match(body, /### Owners\n\n@\u200bacme\/api/);
  });
});

describe('feedback into the model', () => {
  const open: Ticket = { key: 'SEC-1', url: 'u', threatId: IDS.sql, product: 'shop', title: 't', state: 'open', status: 'In Progress', labels: [], assignees: [], fixNotVerified: false };
  it('an open ticket puts its mitigations in progress; the input model is not changed', () => {
    const model = shopV1();
    const result = applyTicketState(model, [open]);
    assert.equal(result.model.mitigations.find((m) => m.id === 'm-param')?.status, 'in-progress');
    assert.equal(model.mitigations.find((m) => m.id === 'm-param')?.status, 'proposed');
  });

  it('a ticket closed as done whose threat is gone from the current code resolves the threat and implements its mitigation', () => {
    const done: Ticket = { ...open, key: 'SEC-2', threatId: IDS.admin, state: 'closed', resolution: 'done' };
    const model = shopV1();
    const present = new Set(model.threats.filter((t) => t.id !== IDS.admin).map((t) => t.id));
    const result = applyTicketState(model, [done], { present });
    const admin = result.model.threats.find((t) => t.id === IDS.admin)!;
    assert.equal(admin.status, 'resolved');
    assert.match(admin.statusReason ?? '', /SEC-2 closed as done/);
    assert.deepEqual(result.mitigations.map((m) => [m.mitigation, m.to]), [['m-authz', 'implemented']]);
    assert.equal(applyTicketState(model, [done]).threats.length, 0, 'still present: not resolved (fix not verified)');
  });
});

describe('retry decisions', () => {
  it('reads Retry-After as seconds or an HTTP date, and GitHub reset times', () => {
    assert.equal(serverWaitMs({ headers: { 'retry-after': '3' }, data: null, status: 429 }, 0), 3000);
    assert.equal(serverWaitMs({ headers: { 'retry-after': new Date(10_000).toUTCString() }, data: null, status: 429 }, 4_000), 6000);
    assert.equal(serverWaitMs({ headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '20' }, data: null, status: 403 }, 5_000), 15_000);
  });

  it('repeats writes only when nothing can be duplicated', () => {
    assert.equal(isRetryable({ status: 503, headers: {}, data: null }, false), false);
    assert.equal(isRetryable({ status: 503, headers: {}, data: null }, true), true);
    assert.equal(isRetryable({ status: 429, headers: {}, data: null }, false), true);
    assert.equal(isRetryable({ headers: {}, data: null, network: 'ECONNREFUSED', notSent: true }, false), true);
    assert.equal(isRetryable({ headers: {}, data: null, network: 'ECONNRESET' }, false), false);
    assert.equal(isRetryable({ status: 403, headers: {}, data: null }, true), false, 'a plain 403 is a permission problem');
  });
});
