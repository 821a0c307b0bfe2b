import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './ssrf.js';

describe('ssrf: rated by what the caller gets back', () => {
  it('a request whose response is dropped (blind) rates below one whose body is returned', async () => {
    const dir = new URL('./ssrf.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string, line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file && t.evidence[0]?.line === line);
    const read = at('src/media.js', 16);
    const blind = at('src/media.js', 47);
    assert.ok(read && blind, 'both reported');
    const rank = ['low', 'medium', 'high', 'critical'];
    assert.ok(rank.indexOf(blind.severity) < rank.indexOf(read.severity), `blind ${blind.severity} below ${read.severity}`);
  });
});

describe('ssrf: markup a headless browser renders is named as such', () => {
  it('a setContent finding speaks of injected tags in rendered HTML, a goto finding of the URL', async () => {
    const dir = new URL('./ssrf.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === 'src/render-pdf.js' && t.evidence[0]?.line === line);
    const markup = at(56);
    const url = at(15);
    assert.ok(markup && url, 'both reported');
    assert.equal(markup.title, 'Server-side request forgery through HTML rendered from request data');
    assert.match(markup.grammar.threatAction, /^inject tags into the HTML page\.setContent renders that load internal or file: URLs by controlling req\.body\.letter$/);
    assert.match(markup.remediation ?? '', /sanitise req\.body\.letter/);
    assert.equal(url.title, 'Server-side request forgery from request data');
    assert.match(url.grammar.threatAction, /^point the request made by page\.goto at internal hosts/);
  });
});

describe('ssrf: a route only the deployment secret opens', () => {
  it('rates below the same fetch behind a user session', async () => {
    const dir = new URL('./ssrf.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file);
    const internal = at('packages/thumbs/pages/api/render.ts');
    const user = at('packages/thumbs/pages/api/preview.ts');
    assert.ok(internal && user, 'both reported');
    const rank = ['low', 'medium', 'high', 'critical'];
    assert.ok(rank.indexOf(internal.severity) < rank.indexOf(user.severity), `internal ${internal.severity} below ${user.severity}`);
  });
});
