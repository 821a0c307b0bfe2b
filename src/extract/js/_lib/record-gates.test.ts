import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { testContext } from '../../testing.js';
import { jsIndex } from './ast.js';
import { exportedHandlerFacts } from './routes-handler.js';

/** `record-access` facts of the exported class's actions: `api idSource [sibling check]`. */
function accesses(content: string): string[] {
  const index = jsIndex({ path: 'server/controllers/project.js', content }, testContext());
  return exportedHandlerFacts(index)
    .filter((f): f is ConfigFact => f.kind === 'config' && (f as ConfigFact).setting === 'record-access')
    .map((f) => `${f.values.api} ${f.values.idSource}${f.values.siblingCheck ? ` [${f.values.siblingCheck}]` : ''}`)
    .sort();
}

const CONTROLLER = `const projectModel = require('../models/project.js');
const tokenModel = require('../models/token.js');
class projectController extends baseController {
  async up(ctx) {
    const params = ctx.params;
    if ((await this.checkAuth(params.id, 'project', 'edit')) !== true) return (ctx.body = deny());
    const inst = yapi.getInst(projectModel);
    ctx.body = await inst.up(params.id, params);
  }
  async del(ctx) {
    const id = ctx.params.id;
    if ((await this.checkAuth(id, 'project', 'danger')) !== true) return (ctx.body = deny());
    ctx.body = await yapi.getInst(projectModel).del(id);
  }
  async get(ctx) {
    const auth = await this.checkAuth(ctx.params.project_id, 'project', 'view');
    if (!auth) return (ctx.body = deny());
    const inst = yapi.getInst(projectModel);
    ctx.body = await inst.get(ctx.params.project_id);
  }
  async token(ctx) {
    const project_id = ctx.params.project_id;
    const inst = yapi.getInst(tokenModel);
    ctx.body = await inst.get(project_id);
  }
  async addMember(ctx) {
    const params = ctx.params;
    const inst = yapi.getInst(projectModel);
    ctx.body = await inst.addMember(params.id, params.member_uids);
  }
  async wipe(ctx) {
    if (this.getRole() !== 'admin') return (ctx.body = deny());
    ctx.body = await yapi.getInst(projectModel).del(ctx.params.id);
  }
}
module.exports = projectController;
`;

describe('record-gates: the access check the actions of a controller share', () => {
  it('marks the actions that load or change a record by a request id without the check most siblings make', () => {
    assert.deepEqual(accesses(CONTROLLER), [
      'Project.addMember ctx.params.id [checkAuth]',
      // Its own role check: not a sibling that skips the shared one.
      'Project.del ctx.params.id',
      'Token.get ctx.params.project_id [checkAuth]',
    ]);
  });

  it('tags the actions that make the shared check', () => {
    const index = jsIndex({ path: 'server/controllers/project.js', content: CONTROLLER }, testContext());
    const tagged = exportedHandlerFacts(index)
      .filter((f): f is ConfigFact => f.kind === 'config' && (f as ConfigFact).setting === 'js-handler')
      .map((f) => JSON.parse(String(f.values.data)) as { name: string; tags: string[] })
      .filter((h) => h.tags.includes('access-checked'))
      .map((h) => h.name)
      .sort();
    assert.deepEqual(tagged, ['projectController.del', 'projectController.get', 'projectController.up']);
  });

  it('takes no check from fewer than three actions', () => {
    const two = CONTROLLER.replace(/async get\(ctx\) \{[\s\S]*?\n {2}\}\n/, '');
    assert.deepEqual(accesses(two), ['Project.addMember ctx.params.id', 'Project.del ctx.params.id', 'Project.del ctx.params.id', 'Project.up ctx.params.id', 'Token.get ctx.params.project_id']);
  });
});
