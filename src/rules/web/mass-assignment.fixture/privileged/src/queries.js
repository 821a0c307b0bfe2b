const Member = require('./models/member');

// A data-layer helper: the route that calls it decides who may set isAdmin.
async function createMember(params) {
  // ok: mass-assignment
  return Member.create({ nickname: params.nickname, isAdmin: params.isAdmin });
}

module.exports = { createMember };
