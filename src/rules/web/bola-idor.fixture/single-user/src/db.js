const Database = require('better-sqlite3');

const db = new Database('notebook.db');
const notesRepository = {
  updateNote: (id, values) => db.prepare('UPDATE notes SET title = ? WHERE noteId = ?').run(values.title, id),
  deleteNote: (id) => db.prepare('DELETE FROM notes WHERE noteId = ?').run(id),
};
module.exports = { notesRepository };
