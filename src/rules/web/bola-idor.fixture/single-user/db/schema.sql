CREATE TABLE notes (noteId TEXT PRIMARY KEY, title TEXT, content TEXT, isDeleted INTEGER);
CREATE TABLE branches (branchId TEXT PRIMARY KEY, noteId TEXT, parentNoteId TEXT, position INTEGER);
CREATE TABLE attributes (attributeId TEXT PRIMARY KEY, noteId TEXT, name TEXT, value TEXT);
CREATE TABLE revisions (revisionId TEXT PRIMARY KEY, noteId TEXT, content TEXT);
CREATE TABLE options (name TEXT PRIMARY KEY, value TEXT);
