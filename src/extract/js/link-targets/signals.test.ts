import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/**
 * One file per kind of fact, each carrying as few signals as it can (link keeps an accept only
 * when a view or header prints its field, hence the header beside the two accepts).
 */
const PATHS: Record<string, string> = {
  'views/list.hbs': '<a href="{{target}}">x</a>\n',
  'views/frame.ejs': '<iframe src="<%= page.embed %>"></iframe>\n',
  'src/save.js': "async function save(req, res) { await Link.create({ target: req.body.target }); res.set('HX-Redirect', req.body.target); }\n",
  'src/check.js': "const { body } = require('express-validator');\nmodule.exports = [body('target').trim()];\nres.set('HX-Redirect', link.target);\n",
  'src/go.js': "function go(res, link) { res.setHeader('HX-Redirect', link.target); }\n",
};

describe('extract/js/link-targets signals', () => {
  signalTests(extractor, PATHS);
});
