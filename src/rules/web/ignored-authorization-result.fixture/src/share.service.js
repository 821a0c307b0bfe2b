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
