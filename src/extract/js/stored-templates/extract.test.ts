import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function facts(source: string): string[] {
  return runExtractor(extractor, { 'src/share.js': source })
    .facts.filter((f): f is ConfigFact => f.kind === 'config')
    .map((f) => `${f.evidence.line} ${f.values.engine} ${f.values.readLine}`);
}

describe('extract/js/stored-templates', () => {
  it('finds code-running templates compiled from a record read in the handler', () => {
    assert.deepEqual(
      facts(`const ejs = require('ejs');
const _ = require('lodash');
router.get('/share/:id', (req, res) => {
  const templateNote = notes.getNote(req.params.id);
  res.send(ejs.render(templateNote.getContent(), { note: templateNote }));
});
async function mail(id, data) {
  const tpl = await Template.findOne({ where: { id } });
  const source = tpl.body;
  return _.template(source)(data);
}
`),
      ['5 ejs.render 4', '10 lodash.template 8'],
    );
  });

  it('leaves templates from disk, literals and logic-less engines alone', () => {
    assert.deepEqual(
      facts(`const ejs = require('ejs');
const fs = require('fs');
const Mustache = require('mustache');
const file = fs.readFileSync('views/mail.ejs', 'utf8');
const page = ejs.render(file, {});
const hello = ejs.render('<p><%= name %></p>', { name });
async function hook(id) {
  const addon = await Addon.findOne({ id });
  return Mustache.render(addon.body, {});
}
`),
      [],
    );
  });
});
