module.exports = async function (fastify) {
  fastify.addHook('onRequest', async (request) => { await request.jwtVerify(); });

  // Who follows whom is public in a social network: listing another user's followers is the feature.
  // ok: bola-idor
  fastify.get('/:userId/followers', async function (request) {
    return this.relationService.getFollowers(request.params.userId);
  });
  // ok: bola-idor
  fastify.get('/:userId/following', async function (request) {
    return this.relationService.getFollowing(request.params.userId);
  });
  // ruleid: bola-idor
  fastify.get('/:userId/inbox', async function (request) {
    return this.inboxService.getMessages(request.params.userId);
  });
};
