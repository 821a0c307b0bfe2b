const projectModel = require('../models/project');
const tokenModel = require('../models/token');

// Every action that touches a project by its id first asks checkAuth whether the caller may.
class ProjectController {
  async checkAuth(id, action) {
    const project = await yapi.getInst(projectModel).get(id);
    return !!project && project.members.some((m) => m.uid === this.uid && (action === 'view' || m.role === 'owner'));
  }

  async update(ctx) {
    const params = ctx.request.body;
    if ((await this.checkAuth(params.id, 'edit')) !== true) return (ctx.status = 403);
    ctx.body = await yapi.getInst(projectModel).up(params.id, params);
  }

  async remove(ctx) {
    const id = ctx.params.id;
    if ((await this.checkAuth(id, 'danger')) !== true) return (ctx.status = 403);
    ctx.body = await yapi.getInst(projectModel).del(id);
  }

  async show(ctx) {
    const allowed = await this.checkAuth(ctx.params.id, 'view');
    if (!allowed) return (ctx.status = 403);
    ctx.body = await yapi.getInst(projectModel).get(ctx.params.id);
  }

  // The project's API token, by the project id alone: any user reads any project's token.
  async token(ctx) {
    const projectId = ctx.params.id;
    ctx.body = await yapi.getInst(tokenModel).get(projectId);
  }
}

module.exports = new ProjectController();
