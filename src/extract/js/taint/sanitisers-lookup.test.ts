// Values a handler can only receive in a checked form: a route parameter whose pattern or Nest pipe
// parses it, and a name that must equal an entry of a server-owned list before it is used.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from './support.test.js';

const nest = (param: string, route: string) => `
import { Controller, Get, Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { readFile } from 'fs-extra';
import { resolve } from 'path';
@Controller('config')
export class ConfigController {
  @Get('${route}')
  getBackup(${param}) {
    return readFile(resolve('/var/backups', 'config.json.' + backupId));
  }
}
`;

describe('extract/js/taint route parameters parsed before the handler', () => {
  it('a Nest parsing pipe (ParseIntPipe, ParseUUIDPipe...) leaves no text to traverse with', () => {
    assert.deepEqual(scan(nest("@Param('backupId', ParseIntPipe) backupId", '/backups/:backupId'), 'src/config.controller.ts'), []);
    assert.deepEqual(scan(nest("@Param('backupId', new ParseUUIDPipe({ version: '4' })) backupId", '/backups/:backupId'), 'src/config.controller.ts'), []);
    assert.deepEqual(scan(nest("@Param('backupId') backupId", '/backups/:backupId'), 'src/config.controller.ts'), ["path fs.readFile @Param('backupId') backupId @9"]);
  });

  it("a digits-only route pattern (`:backupId(\\\\d+)`) does the same, in Nest and Express", () => {
    assert.deepEqual(scan(nest("@Param('backupId') backupId", '/backups/:backupId(\\\\d+)'), 'src/config.controller.ts'), []);
    const express = (route: string) => `
const fs = require('fs');
app.get('${route}', (req, res) => {
  const { name } = req.params;
  res.send(fs.readFileSync('/data/' + req.params.id + name));
});
`;
    assert.deepEqual(scan(express('/files/:id([0-9]+)/:name(\\\\w+)')), []);
    // A wildcard pattern checks nothing.
    assert.deepEqual(scan(express('/files/:id(*)/:name(\\\\w+)')), ['path fs.readFileSync req.params.id @5']);
  });
});

describe('extract/js/taint names looked up in a server-owned list', () => {
  const service = (check: string) => `
import { resolve } from 'path';
import { readJson } from 'fs-extra';
export class PluginsService {
  async getSchema(pluginName: string) {
    ${check}
    return readJson(resolve(this.installPath, pluginName, 'config.schema.json'));
  }
}
@Controller('plugins')
export class PluginsController {
  constructor(private readonly pluginsService: PluginsService) {}
  @Get('config-schema/:pluginName')
  get(@Param('pluginName') pluginName) {
    return this.pluginsService.getSchema(pluginName);
  }
}
`;

  it('the name must equal an installed entry, or the method throws', () => {
    assert.deepEqual(scan(service('const plugin = this.installedPlugins.find((x) => x.name === pluginName);\n    if (!plugin) throw new NotFoundException();'), 'src/plugins.ts'), []);
    assert.deepEqual(scan(service('if (!this.installedPlugins.some((x) => x.name === pluginName)) throw new NotFoundException();'), 'src/plugins.ts'), []);
  });

  it('not when nothing stops a missing entry, or the list is request data', () => {
    assert.deepEqual(scan(service('const plugin = this.installedPlugins.find((x) => x.name === pluginName);\n    console.log(plugin);'), 'src/plugins.ts'), [
      "path fs.readJson @Param('pluginName') pluginName @8",
    ]);
    const handler = `
const fs = require('fs');
app.post('/x', (req, res) => {
  const hit = req.body.items.find((i) => i.name === req.body.name);
  if (!hit) return res.status(404).end();
  res.send(fs.readFileSync('/data/' + req.body.name));
});
`;
    assert.deepEqual(scan(handler), ['path fs.readFileSync req.body.name @6']);
  });
});
