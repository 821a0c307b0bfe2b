import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFile } from '../../engine.js';
import { schemeCheck } from './accepts.js';
import { extractor } from './index.js';

const run = (path: string, content: string): Record<string, unknown>[] => extractFile({ path, content }, [extractor]).facts.flatMap((f) => (f.kind === 'config' ? [{ setting: f.setting, line: f.evidence.line, ...f.values }] : []));

describe('js/link-targets', () => {
  it('records values printed as a whole link target, not after a fixed start or through a helper', () => {
    const page = ['<a href="{{target}}">x</a>', '<a class="b" href="{{{ link.url }}}">', '<a href="/r/{{id}}">', '<a href="{{safeUrl target}}">', '<img src="{{avatar}}">', '<link href="{{theme}}">', '<iframe src="<%= page.embed %>"></iframe>', '<form action="<%- next %>">'].join('\n');
    const out = run('views/list.hbs', page);
    assert.deepEqual(out.map((f) => [f.field, f.line]), [['target', 1], ['url', 2], ['embed', 7], ['next', 8]]);
    assert.deepEqual(run('src/app/list.html', '<a href="{{url}}">'), [], 'Angular/Vue markup sanitises bound URLs');
  });

  it('tells scheme checks apart from validations that let any scheme through', () => {
    assert.equal(schemeCheck("body('t').custom(v => re.test(v) || /^(?!https?|ftp)(\\w+:|\\/\\/)/.test(v))", true), 'open');
    assert.equal(schemeCheck("body('t').isURL({ require_valid_protocol: false })", true), 'open');
    assert.equal(schemeCheck("body('t').isURL()", true), 'restricted');
    assert.equal(schemeCheck('if (new URL(u).protocol !== "https:") throw x', false), 'restricted');
    assert.equal(schemeCheck('if (!/^https?:\\/\\//.test(u)) throw x', false), 'restricted');
    assert.equal(schemeCheck("body('t').custom(isLink)", true), 'restricted', 'an opaque validator may pin the scheme');
    assert.equal(schemeCheck("body('t').isString().trim()", true), 'none');
    assert.equal(schemeCheck('const u = new URL(req.body.t); await Link.create({ t: u.href })', false), 'none');
  });

  it('records stored body fields, express-validator chains and htmx navigation headers', () => {
    const code = [
      "const { body } = require('express-validator');",
      "const v = [body('site').trim(), body('bare')];",
      'async function save(req, res) {',
      '  const { site } = req.body;',
      '  await User.update({ site, bio: req.body.bio });',
      "  res.setHeader('HX-Redirect', user.site);",
      '}',
      'function echo(req, res) { res.json({ q: req.body.q }); }',
    ].join('\n');
    const out = run('src/users.js', code).map((f) => `${String(f.setting)}:${String(f.field)}:${String(f.via ?? f.header)}:${f.line}`);
    assert.deepEqual(out.sort(), ['url-field-accept:bio:body:5', 'url-field-accept:site:body:4', 'url-field-accept:site:validator:2', 'url-header-output:site:hx-redirect:6']);
  });
  it('reads URL fields of zod, Joi, yup and class-validator schemas with the schemes their checks admit', () => {
    const code = [
      "import { z } from 'zod'; import Joi from 'joi'; import * as yup from 'yup'; import { IsUrl, IsString } from 'class-validator';",
      'const a = z.object({ site: z.string().url(), https: z.string().url().startsWith("https://"), v4: z.url(), pinned: z.url({ protocol: /^https?$/ }), web: z.httpUrl(), checked: z.string().url().refine(isWeb), name: z.string() });',
      "const b = Joi.object({ feed: Joi.string().uri(), forum: Joi.string().uri({ scheme: ['https'] }), pat: Joi.string().pattern(/^https?:/) });",
      'const c = yup.object({ docs: yup.string().url() });',
      'class D { @IsUrl() chat: string; @IsUrl({ require_valid_protocol: false }) any: string; @IsString() title: string }',
      'const other = { link: api.string().url() };',
    ].join('\n');
    const out = run('src/schemas.ts', code).map((f) => `${String(f.field)}:${String(f.via)}:${String(f.scheme)}`);
    assert.deepEqual(out.sort(), [
      'any:class-validator:open', 'chat:class-validator:restricted', 'checked:zod:restricted', 'docs:yup:restricted', 'feed:joi:open', 'forum:joi:restricted',
      'https:zod:restricted', 'pat:joi:restricted', 'pinned:zod:restricted', 'site:zod:open', 'v4:zod:open', 'web:zod:restricted',
    ]);
  });
});

describe('js/link-targets link', () => {
  it('keeps accepts only for fields some view prints as a link target', () => {
    const facts = [
      ...extractFile({ path: 'src/a.js', content: 'async function s(req) { await M.create({ site: req.body.site, bio: req.body.bio }); }' }, [extractor]).facts,
      ...extractFile({ path: 'views/u.ejs', content: '<a href="<%= user.site %>">x</a>' }, [extractor]).facts,
    ];
    const kept = extractor.link!(facts).flatMap((f) => (f.kind === 'config' ? [`${f.setting}:${String(f.values.field)}`] : []));
    assert.deepEqual(kept.sort(), ['url-attribute-output:site', 'url-field-accept:site']);
  });
});
