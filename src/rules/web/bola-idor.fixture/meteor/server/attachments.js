import { Meteor } from 'meteor/meteor';
import { check } from 'meteor/check';
import { Attachments, Boards } from '../imports/collections';

Meteor.methods({
  // ruleid: bola-idor
  async 'attachments.remove'(attachmentId) {
    check(attachmentId, String);
    if (!this.userId) throw new Meteor.Error('not-authorized');
    await Attachments.removeAsync(attachmentId);
  },

  // ruleid: bola-idor
  async 'attachments.rename'(fileId, name) {
    check(fileId, String);
    if (!this.userId) throw new Meteor.Error('not-authorized');
    await Attachments.updateAsync({ _id: fileId }, { $set: { name } });
  },

  // ok: bola-idor
  async 'attachments.removeOwn'(attachmentId) {
    check(attachmentId, String);
    if (!this.userId) throw new Meteor.Error('not-authorized');
    await Attachments.removeAsync({ _id: attachmentId, userId: this.userId });
  },

  // ok: bola-idor
  async 'attachments.move'({ attachmentId, boardId }) {
    if (!this.userId) throw new Meteor.Error('not-authorized');
    const attachment = await Attachments.findOneAsync(attachmentId);
    const board = await Boards.findOneAsync(attachment.boardId);
    if (!board || !board.isMember(this.userId)) throw new Meteor.Error('not-authorized');
    await Attachments.updateAsync({ _id: attachmentId }, { $set: { boardId } });
  },

  // ok: bola-idor
  async 'attachments.archive'(attachmentId) {
    const userId = Meteor.userId();
    if (!userId) throw new Meteor.Error('not-authorized');
    const attachment = await Attachments.findOneAsync(attachmentId);
    if (attachment.owner !== userId) throw new Meteor.Error('not-authorized');
    await Attachments.updateAsync(attachmentId, { $set: { archived: true } });
  },
});

Meteor.methods({
  // ok: bola-idor
  async 'attachments.vote'(attachmentId, state) {
    check(attachmentId, String);
    if (!this.userId) throw new Meteor.Error('not-authorized');
    const attachment = (await AttachmentCache.get(attachmentId)) || (await Attachments.findOneAsync(attachmentId));
    const board = (await BoardCache.get(attachment.boardId)) || (await Boards.findOneAsync(attachment.boardId));
    const isMember = allowIsBoardMember(this.userId, board) || (await canEditAttachment(this.userId, attachment, board));
    const open = !!attachment.public;
    if (!(isMember || open)) throw new Meteor.Error('not-authorized');
    await Attachments.updateAsync({ _id: attachmentId }, { $push: { votes: state } });
  },
});
