import mongoose, { Schema } from 'mongoose';

// Written inline in mongoose.model, with an index chained on the schema.
export default mongoose.model(
  'Board',
  new Schema({ title: String, layout: Schema.Types.Mixed, team: { type: Schema.Types.ObjectId, ref: 'Team' }, createdBy: { type: Schema.Types.ObjectId, ref: 'User' } }).index({ team: 1 }),
);
