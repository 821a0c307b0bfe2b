import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor, normaliseStore } from './index.js';
import { fieldOutputs } from './templates.js';

function facts(files: Record<string, string>): string[] {
  return runExtractor(extractor, files)
    .facts.filter((f): f is ConfigFact => f.kind === 'config')
    .map((f) => `${f.evidence.line} ${f.setting} ${Object.values(f.values).slice(0, 3).join(' ')}`.trim());
}

const prints = (path: string, text: string) => fieldOutputs(path, text).map((o) => `${o.line} ${o.form} ${o.local}.${o.field}${o.helper ? ` ${o.helper}` : ''}`);

describe('extract/js/stored-views', () => {
  it('names stores the same whatever the code calls them', () => {
    assert.deepEqual(['memosDAO', 'Memo', 'memos', 'MemoModel', 'db', 'req', 'todoRepository'].map(normaliseStore), ['memo', 'memo', 'memo', 'memo', '', '', 'todo']);
  });

  it('finds request fields written to a store, and records of a store rendered into a view', () => {
    assert.deepEqual(
      facts({
        'routes/memos.js': `const MemosDAO = require('../data/memos-dao');
function MemosHandler(db) {
  const memosDAO = new MemosDAO(db);
  this.addMemos = (req, res, next) => {
    memosDAO.insert(req.body.memo, (err) => this.displayMemos(req, res, next));
  };
  this.displayMemos = (req, res, next) => {
    memosDAO.getAllMemos((err, docs) => res.render('memos', { memosList: docs }));
  };
  this.update = (req, res) => {
    const { firstName, age } = req.body;
    const note = req.body.text;
    profile.updateUser(req.session.userId, firstName, note, 42);
    db.collection('comments').insertOne({ text: req.query.q, at: Date.now() });
    cache.set(req.body.key, 1);
    let bio = req.body.bio;
    bio = sanitizeHtml(bio);
    Profile.update({ bio, about: escape(req.body.about) });
  };
  this.edit = (req, res) => {
    Todo.findById(req.params.id, function (err, todo) {
      todo.content = req.body.content;
      todo.updated = Date.now();
      todo.save(() => res.redirect('/'));
    });
  };
  this.show = async (req, res) => {
    const user = await User.findOne({ id: req.params.id }).lean();
    res.render('profile', { ...user, title: user.name, posts: Post.find() });
  };
  this.copy = (req, res, draft) => {
    const { title } = req.body;
    const { text } = draft;
    Note.create({ text, title });
    Memo.findByIdAndUpdate(req.params.id, { $set: { memo: req.body.memo, ownerId: req.body.ownerId } });
  };
  this.list = (req, res) => {
    db.Product.findAll().then((products) => {
      output = { products: products, count: 3 };
      res.render('app/products', { output: output });
    });
  };
}
`,
      }),
      [
        '5 stored-field-write memo memo req.body.memo',
        '8 view-renders-records memos memosList',
        '13 stored-field-write profile firstName,text firstName',
        '14 stored-field-write comment text req.query.q',
        '24 stored-field-write todo content req.body.content',
        '29 view-renders-records profile *',
        '29 view-renders-records profile title name',
        '34 stored-field-write note title title',
        '35 stored-field-write memo memo req.body.memo',
        '40 view-renders-records app/products output',
      ],
    );
  });

  it('reads the record fields each template syntax prints, through loop variables', () => {
    assert.deepEqual(
      prints('app/views/memos.html', `{% for doc in memosList %}
  {{ marked(doc.memo) }} {{ doc.author | escape }} {{ doc.title | safe }}
{% endfor %}
{{ firstName }}`),
      ['2 escaped memosList.memo marked', '2 raw memosList.title', '4 escaped firstName.'],
    );
    assert.deepEqual(
      prints('views/index.ejs', `<% todos.forEach( function ( todo ){ %>
  <a href="/edit/<%= todo._id %>"><%- marked(new String(todo.content)) %></a>
<% }); %>
<% for (var i = 0; i < products.length; i++) { %><td><%- products[i].address %></td><% } %>
<%- include('footer') %> <%- JSON.stringify(users) %> <%- sanitize(todo.body) %>`),
      ['2 raw todos.content marked', '4 raw products.address'],
    );
    assert.deepEqual(
      prints('views/products.ejs', `<% for (var i = 0; i < output.products.length; i++) { %><td><%- output.products[i].name %></td><% } %>
<% output.products.forEach((p) => { %><%- p.tags.join(', ') %><% }) %><%- locals.title %>`),
      ['1 raw output.products.name', '2 raw output.products.tags.join', '2 raw title.'],
    );
    assert.deepEqual(prints('views/post.pug', `each post in posts\n  h2= post.title\n  div!= post.html\n  p !{post.summary}`), ['4 raw posts.summary', '3 raw posts.html']);
    assert.deepEqual(prints('views/list.hbs', `{{#each comments}}<p>{{{this.text}}}</p>{{/each}}\n{{{body}}}\n{{#each users as |u|}}{{{u.bio}}}{{/each}}`), ['1 raw comments.text', '3 raw users.bio']);
  });

  it('names an unparseable file in a diagnostic and reads broken templates without throwing', () => {
    const out = runExtractor(extractor, {
      'routes/broken.js': 'app.post("/m", (req, res) => { db.memos.insertOne({ memo: req.body.memo ',
      'views/broken.ejs': '<% memos.forEach((m) => { %><%- m.memo',
      'views/broken.njk': '{% for m in memos %}{{ m.memo | safe }',
    });
    assert.deepEqual(out.facts, []);
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.file]), [['extractor-error', 'routes/broken.js']]);
    assert.match(out.diagnostics[0].message, /js\/stored-views/);
  });
});
