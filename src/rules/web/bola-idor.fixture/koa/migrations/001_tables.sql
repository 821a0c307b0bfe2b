CREATE TABLE threads (
  id UUID PRIMARY KEY,
  title TEXT NOT NULL,
  author_id UUID NOT NULL REFERENCES users(id)
);

CREATE TABLE answers (
  id UUID PRIMARY KEY,
  body TEXT NOT NULL,
  author_id UUID NOT NULL REFERENCES users(id),
  thread_id UUID NOT NULL REFERENCES threads(id)
);
