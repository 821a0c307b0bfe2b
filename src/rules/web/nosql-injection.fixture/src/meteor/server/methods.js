import { Meteor } from 'meteor/meteor';
import { check, Match } from 'meteor/check';
import { Mongo } from 'meteor/mongo';

const Notes = new Mongo.Collection('notes');

// Meteor methods take any EJSON value from the client: objects with `$` keys included.
Meteor.methods({
  async 'notes.find'(selector) {
    // ruleid: nosql-injection
    return Notes.find(selector).fetchAsync();
  },

  async 'notes.byTag'(tag) {
    check(tag, String);
    // ok: nosql-injection
    return Notes.find({ tag }).fetchAsync();
  },

  async 'notes.remove'(noteId) {
    if (!this.userId) throw new Meteor.Error('not-authorized');
    // ruleid: nosql-injection
    return Notes.removeAsync({ _id: noteId, owner: this.userId });
  },

  async 'notes.rename'(options) {
    check(options, { noteId: String, title: Match.Where((t) => typeof t === 'string') });
    // ok: nosql-injection
    return Notes.updateAsync({ _id: options.noteId }, { $set: { title: options.title } });
  },
});

Meteor.publish('notes.shared', function (owner) {
  // ruleid: nosql-injection
  return Notes.find({ owner, shared: true });
});
