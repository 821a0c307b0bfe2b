-- A team board: every member sees and edits every task; only moderators delete or assign.
CREATE TABLE tasks (
  id INT PRIMARY KEY,
  title VARCHAR(255) NOT NULL,
  author_id INT NOT NULL,
  assigned_user_id INT,
  status VARCHAR(50) NOT NULL
);

-- Published posts: anyone reads them, only their author may change them.
CREATE TABLE posts (
  id INT PRIMARY KEY,
  title VARCHAR(255) NOT NULL,
  body TEXT,
  author_id INT NOT NULL
);

-- Comments under posts, removed by moderators.
CREATE TABLE comments (
  id INT PRIMARY KEY,
  body TEXT,
  author_id INT NOT NULL
);

-- Issues handed between users; nothing reserves any change to a role.
CREATE TABLE issues (
  id INT PRIMARY KEY,
  title VARCHAR(255) NOT NULL,
  author_id INT NOT NULL,
  assignee_id INT
);

-- Private files of one user.
CREATE TABLE documents (
  id INT PRIMARY KEY,
  user_id INT NOT NULL,
  content TEXT
);
