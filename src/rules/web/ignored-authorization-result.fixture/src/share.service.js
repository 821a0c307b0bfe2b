const db = require('./db');

// Answers with a verdict: a password-protected share needs the cookie or a membership.
async function validateShareAccess(shareId, ctx) {
  const share = await db.share.findUnique({ where: { id: shareId } });
  if (!share) throw new Error('Share not found');
  if (!share.password) return { isValid: true };
  const isMember = ctx.userId && (await db.member.findFirst({ where: { userId: ctx.userId, projectId: share.projectId } }));
  return { isValid: !!ctx.cookies[`shared-${shareId}`] || !!isMember };
}

// Refuses by throwing: nothing to read.
async function checkProjectAccess(projectId, userId) {
  const member = await db.member.findFirst({ where: { userId, projectId } });
  if (!member) throw new Error('Forbidden');
}

module.exports = { validateShareAccess, checkProjectAccess };

// Says whether the answer may be cached publicly; refuses an outsider by throwing at the end.
async function checkPrivateAccess(projectId, userId) {
  const project = await db.project.findUnique({ where: { id: projectId } });
  if (!project || !project.teamOnly) return false;
  const member = userId && (await db.member.findFirst({ where: { userId, projectId } }));
  if (member) return true;
  throw new ForbiddenError('not a member of this project');
}

module.exports.checkPrivateAccess = checkPrivateAccess;
