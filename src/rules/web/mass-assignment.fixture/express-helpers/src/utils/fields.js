const PROTECTED = ['id', 'workspaceId', 'createdDate'];

// A copy of the body without the fields the server manages.
function stripProtected(body) {
  const copy = { ...body };
  for (const field of PROTECTED) delete copy[field];
  return copy;
}

// The body without its owner fields.
const withoutOwner = (body) => {
  const { ownerId, role, ...rest } = body;
  return rest;
};

// Fills in defaults: every field the client sent is still there.
function withDefaults(body) {
  return { ...body, color: body.color || 'blue' };
}

module.exports = { stripProtected, withoutOwner, withDefaults };
