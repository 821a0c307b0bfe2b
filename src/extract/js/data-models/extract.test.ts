import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataModelFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function models(files: Record<string, string>): Record<string, string> {
  const facts = runExtractor(extractor, files).facts.filter((f): f is DataModelFact => f.kind === 'data-model');
  return Object.fromEntries(facts.map((f) => [f.name, `${f.library}:${f.classification}:${f.categories.join('+')}:${f.fields.join(',')}`]));
}

describe('extract/js/data-models', () => {
  it('reads Sequelize, Mongoose and TypeORM models and classifies them', () => {
    const out = models({
      'models/user.js': `module.exports = (sequelize, DataTypes) => {
  const User = sequelize.define('User', { email: DataTypes.STRING, password: DataTypes.STRING, name: DataTypes.STRING });
  return User;
};`,
      'models/card.js': `const mongoose = require('mongoose');
const CardSchema = new mongoose.Schema({ owner: { type: mongoose.Schema.Types.ObjectId, ref: 'User' }, cardNumber: String, expMonth: Number });
module.exports = mongoose.model('Card', CardSchema);`,
      'src/product.entity.ts': `import { Entity, Column, PrimaryGeneratedColumn } from 'typeorm';
@Entity()
export class Product { @PrimaryGeneratedColumn() id: number; @Column() name: string; @Column() price: number; }`,
      'models/order.js': `class Order extends Model {}
Order.init({ total: DataTypes.INTEGER }, { sequelize });
Order.belongsTo(User);`,
    });
    assert.deepEqual(out, {
      User: 'sequelize:restricted:credentials+personal:email,password,name',
      Card: 'mongoose:restricted:payment:owner,cardNumber,expMonth',
      Product: 'typeorm:internal::id,name,price',
      Order: 'sequelize:internal::total,UserId',
    });
  });

  it('reads a Mongoose schema built without new', () => {
    const out = models({
      'models/userModel.js': `import mongoose from 'mongoose';
const userSchema = mongoose.Schema({ name: String, email: String, password: String, isAdmin: Boolean }, { timestamps: true });
export default mongoose.model('User', userSchema);`,
    });
    assert.deepEqual(out, { User: 'mongoose:restricted:credentials+personal:name,email,password,isAdmin' });
  });

  it('names a Mongoose schema written inline in mongoose.model, through its method chain', () => {
    const out = models({
      'models/board.ts': `import mongoose, { Schema } from 'mongoose';
export default mongoose.model<IBoard>('Board', new Schema<IBoard>({ title: String, team: { type: Schema.Types.ObjectId, ref: 'Team' }, createdBy: String }, { timestamps: true }).index({ team: 1 }));`,
      'models/label.ts': `import mongoose from 'mongoose';
const labelSchema = new mongoose.Schema({ text: String }).index({ text: 1 });
export const Label = mongoose.model('Label', labelSchema);`,
    });
    assert.deepEqual(out, { Board: 'mongoose:internal::title,team,createdBy', Label: 'mongoose:internal::text' });
  });

  it('reads Bookshelf and Objection models by their tableName', () => {
    const out = models({
      'models/session.js': `const db = require('./db');
const Session = db.Model.extend({ tableName: 'sessions' });
const Sessions = db.Collection.extend({ model: Session });
module.exports = { Session: db.model('LoginSession', Session), Sessions };`,
      'models/base.js': `const db = require('./db');
db.Model = db.Model.extend({ defaults() { return {}; } });`,
      'models/ledger.js': `const { Model } = require('objection');
class Ledger extends Model {
  static get tableName() { return 'ledgers'; }
}
module.exports = Ledger;`,
      'models/note.js': `class Note extends db.Model { get tableName() { return 'notes'; } }`,
      'lib/plain.js': `class Plain extends Base { static label = 'tableName'; }`,
    });
    assert.deepEqual(out, { LoginSession: 'bookshelf:internal::', Ledger: 'objection:internal::', Note: 'bookshelf:internal::' });
  });

  it('reads Prisma models', () => {
    const out = models({ 'prisma/schema.prisma': `model Account {\n  id Int @id\n  iban String\n  userId Int\n  @@index([userId])\n}\n` });
    assert.deepEqual(out, { Account: 'prisma:restricted:payment:id,iban,userId' });
  });
});
