const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

function repository(table) {
  return {
    findById: (id) => knex(table).where({ id }).first(),
    update: (id, changes) => knex(table).where({ id }).update(changes),
    delete: (id) => knex(table).where({ id }).delete(),
  };
}

module.exports = {
  tasksRepository: repository('tasks'),
  postsRepository: repository('posts'),
  commentsRepository: repository('comments'),
  issuesRepository: repository('issues'),
  documentsRepository: repository('documents'),
};
