import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testContext } from '../../testing.js';
import { jsIndex } from './ast.js';
import { browserCode } from './browser-code.js';

const browser = (content: string, path = 'src/client/app.js'): boolean => browserCode(jsIndex({ path, content }, testContext()));

describe('extract/js/_lib/browser-code', () => {
  it('tells browser code by the globals it reads, the text test passing exactly those files', () => {
    assert.equal(browser(`api.post('/x', { at: window.location.href });`), true);
    assert.equal(browser(`const el = document.querySelector('#a'); api.get('/y');`), true);
    assert.equal(browser(`ajaxify.go('/z');`), true);
    // Word boundaries: a longer name ending in a global's name, or a global not read through a member.
    assert.equal(browser(`mywindow.x = 1; subdocument.y = 2; const window_ = 3;`), false);
    assert.equal(browser(`const w = window; w.location;`), false);
    // A local of that name, or a server framework imported: no browser code.
    assert.equal(browser(`const document = new JSDOM(html).window.document; document.title;`), false);
    assert.equal(browser(`const express = require('express'); window.x = 1;`), false);
    assert.equal(browser(`router.get('/a', h);`, 'public/src/client/a.js'), true);
    assert.equal(browser(`import server from './server.js'; server.put('/options', data);`, 'src/public/app/services/options.js'), true);
    assert.equal(browser(`router.get('/a', h);`, 'apps/server/src/app/routes.js'), false);
  });
});
