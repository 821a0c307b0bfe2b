const express = require('express');
const fs = require('fs');
const ejs = require('ejs');
const Mustache = require('mustache');
const notes = require('./notes');

const router = express.Router();
const PAGE = fs.readFileSync(`${__dirname}/page.ejs`, 'utf8');

router.get('/share/:noteId', (req, res) => {
  const note = notes.getNote(req.params.noteId);
  const templateNote = notes.getNote(note.getRelation('shareTemplate'));
  if (templateNote && templateNote.mime === 'application/x-ejs') {
    // The template is a note: whoever can edit it runs code on the server.
    // ruleid: stored-template-code-execution
    return res.send(ejs.render(templateNote.getContent(), { note }));
  }
  // The application's own template from disk, the note as data.
  // ok: stored-template-code-execution
  res.send(ejs.render(PAGE, { content: note.getContent() }));
});

router.get('/card/:noteId', (req, res) => {
  const card = notes.getNote(req.params.noteId);
  // Mustache templates hold no code.
  // ok: stored-template-code-execution
  res.send(Mustache.render(card.getContent(), { title: card.title }));
});

module.exports = router;
