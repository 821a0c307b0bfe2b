// Data models: Sequelize define/init (and sequelize-typescript), Mongoose schemas, TypeORM
// entities, Prisma models; fields and a classification from their names. Associations add the
// foreign-key field (`Order.belongsTo(User)` → `UserId`) so ownership can be judged later.
import type { DataModelFact, FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  jsIndex,
  memberPath,
  objectKeys,
  objectProp,
  propertyKey,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import type { Extractor, SourceFile } from '../../types.js';
import { classify } from './classify.js';

interface Model {
  name: string;
  fields: string[];
  library: string;
  at: AstNode | number;
}

function fact(file: string, m: Model, evidence: DataModelFact['evidence']): FactInput {
  const fields = [...new Set(m.fields)];
  const { classification, categories } = classify(m.name, fields);
  return { kind: 'data-model', name: m.name, fields, library: m.library, classification, categories, evidence, key: `${file}#data-model:${m.library}:${m.name}` };
}

function decorators(node: AstNode): string[] {
  const decs = (node as unknown as { decorators?: { expression: AstNode }[] }).decorators ?? [];
  return decs.map((d) => {
    const e = unwrap(d.expression);
    return (e.type === 'CallExpression' ? memberPath(e.callee as AstNode) : memberPath(e))?.pop() ?? '';
  });
}

function jsModels(index: JsIndex): Model[] {
  const models: Model[] = [];
  const schemaNames = new Map<string, string>();
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    const prop = calleeProperty(call);
    // mongoose.model('User', UserSchema)
    if (/^mongoose\.model$|^model$/.test(r) || (prop === 'model' && /mongoose|connection|conn|db/i.test(index.text(call.callee as AstNode)))) {
      const name = stringValue(call.arguments[0] as AstNode, index);
      const schema = unwrap(call.arguments[1] as AstNode | undefined);
      if (name && schema?.type === 'Identifier') schemaNames.set(schema.name, name);
    }
    if (prop === 'define' && call.arguments.length >= 2 && /sequelize|db|connection/i.test(index.text(call.callee as AstNode))) {
      const name = stringValue(call.arguments[0] as AstNode, index);
      const attrs = resolveObject(call.arguments[1] as AstNode, index);
      if (name && attrs) models.push({ name, fields: objectKeys(attrs), library: 'sequelize', at: call });
    }
    if (prop === 'init' && call.arguments.length >= 2) {
      const obj = memberPath(call.callee as AstNode);
      const attrs = resolveObject(call.arguments[0] as AstNode, index);
      const opts = resolveObject(call.arguments[1] as AstNode, index);
      if (obj && obj.length === 2 && attrs && objectProp(opts, 'sequelize')) models.push({ name: obj[0], fields: objectKeys(attrs), library: 'sequelize', at: call });
    }
  }
  // `new mongoose.Schema({...})`, and the same without `new` (mongoose constructs either way).
  const schemaCalls = index.imports('mongoose') ? [...index.nodesOf('NewExpression'), ...index.nodesOf('CallExpression')] : [];
  for (const n of schemaCalls) {
    const r = index.resolvedCallee(n) ?? '';
    if (!/^mongoose\.Schema$|^Schema$/.test(r) && !/(^|\.)Schema$/.test(r)) continue;
    const attrs = resolveObject(n.arguments[0] as AstNode, index);
    if (!attrs) continue;
    // `new Schema({...}).index({...})`: the schema's own method chain still names the same schema.
    let top: AstNode = n;
    for (let up = index.parent(top); up?.type === 'MemberExpression' && up.object === top; up = index.parent(top)) {
      const call = index.parent(up);
      if (call?.type !== 'CallExpression' || call.callee !== up) break;
      top = call;
    }
    const parent = index.parent(top);
    const varName = parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    // `mongoose.model('Dashboard', new Schema({...}))`: the schema written inline names its model.
    const inline = parent?.type === 'CallExpression' && parent.arguments[1] === top && calleeProperty(parent) === 'model' ? stringValue(parent.arguments[0] as AstNode, index) : undefined;
    const name = inline ?? (varName && schemaNames.get(varName)) ?? varName?.replace(/Schema$/i, '') ?? 'Schema';
    models.push({ name: name.charAt(0).toUpperCase() + name.slice(1), fields: objectKeys(attrs), library: 'mongoose', at: n });
  }
  for (const cls of index.nodesOf('ClassDeclaration')) {
    const decs = decorators(cls);
    const typeorm = decs.includes('Entity');
    const seqTs = decs.includes('Table');
    const mongoTs = decs.includes('Schema') && index.imports('@nestjs/mongoose');
    if (!cls.id || !(typeorm || seqTs || mongoTs)) continue;
    const fields: string[] = [];
    for (const m of cls.body.body) {
      if (m.type !== 'PropertyDefinition') continue;
      const key = propertyKey(m);
      if (key && decorators(m).some((d) => /Column|Prop|ManyToOne|OneToOne|JoinColumn|ForeignKey|BelongsTo|PrimaryKey|ObjectIdColumn/.test(d))) fields.push(key);
    }
    models.push({ name: cls.id.name, fields, library: typeorm ? 'typeorm' : seqTs ? 'sequelize' : 'mongoose', at: cls });
  }
  models.push(...sqlTableModels(index));
  // Associations: Order.belongsTo(User) / models.Order.belongsTo(models.User, { foreignKey: 'ownerId' })
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'belongsTo') continue;
    const owner = memberPath(call.callee as AstNode)?.slice(-2, -1)[0];
    const target = memberPath(call.arguments[0] as AstNode)?.pop();
    const fk = stringValue(objectProp(resolveObject(call.arguments[1] as AstNode, index), 'foreignKey'), index) ?? (target ? `${target}Id` : undefined);
    const model = models.find((m) => m.name === owner);
    if (model && fk) model.fields.push(fk);
  }
  return models;
}

/** The name a model value is bound to: `const X = ...` or `exports.X = ...`. */
function boundName(node: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(node);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression') return memberPath(parent.left as AstNode)?.pop();
  return undefined;
}

/** `static get tableName()`, `static tableName = 'x'` (Objection) or `get tableName()` (Bookshelf classes). */
function tableNameMember(cls: AstNode): 'static' | 'instance' | undefined {
  if (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression') return undefined;
  for (const m of cls.body.body) {
    if ((m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && propertyKey(m) === 'tableName') return m.static ? 'static' : 'instance';
  }
  return undefined;
}

/**
 * Models over SQL tables named by `tableName`: Bookshelf's `bookshelf.Model.extend({ tableName })`
 * (registered as `bookshelf.model('Name', X)`) and classes extending a model base with a
 * `tableName` member (Objection's `static tableName`, Bookshelf's `get tableName()`). No fields:
 * Bookshelf reads its columns from the table, Objection's are in an optional JSON schema. They
 * tell that lookups on these models are SQL, where a JSON operator object is no query syntax.
 */
function sqlTableModels(index: JsIndex): Model[] {
  if (!index.content.includes('tableName')) return [];
  const models: Model[] = [];
  const byVar = new Map<string, Model>();
  for (const call of index.nodesOf('CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    if (path?.length === 3 && path[1] === 'Model' && path[2] === 'extend' && objectProp(call.arguments[0] as AstNode, 'tableName')) {
      const name = boundName(call, index);
      if (!name) continue;
      const model: Model = { name, fields: [], library: 'bookshelf', at: call };
      models.push(model);
      byVar.set(name, model);
    }
  }
  // `bookshelf.model('ApiKey', ApiKey)`: the registry name is the one the code looks up.
  for (const call of index.nodesOf('CallExpression')) {
    if (byVar.size === 0) break;
    const arg = unwrap(call.arguments[1] as AstNode | undefined);
    const model = calleeProperty(call) === 'model' && arg?.type === 'Identifier' ? byVar.get(arg.name) : undefined;
    const name = model ? stringValue(call.arguments[0] as AstNode, index) : undefined;
    if (model && name) model.name = name;
  }
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const member = cls.superClass ? tableNameMember(cls) : undefined;
    const name = cls.id?.name ?? boundName(cls, index);
    if (member && name) models.push({ name, fields: [], library: member === 'static' ? 'objection' : 'bookshelf', at: cls });
  }
  return models;
}

function prismaModels(file: SourceFile): FactInput[] {
  const out: FactInput[] = [];
  const re = /^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm;
  for (let m = re.exec(file.content); m; m = re.exec(file.content)) {
    const fields = m[2]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('//') && !l.startsWith('@@'))
      .map((l) => l.split(/\s+/)[0]);
    const line = file.content.slice(0, m.index + m[0].indexOf('model')).split('\n').length;
    const text = file.content.split('\n')[line - 1]?.trim() ?? '';
    out.push(fact(file.path, { name: m[1], fields, library: 'prisma', at: 0 }, { file: file.path, line, snippet: text }));
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/data-models',
  title: 'Data models (Sequelize, Mongoose, TypeORM, Prisma, Bookshelf, Objection) with field-based classification',
  matches: (path) => (isJsFile(path) || path.endsWith('.prisma')) && !isTestFile(path),
  // Every model needs one: a `define` call, a `Schema` constructor or decorator, an `Entity` or
  // `Table` decorator, Sequelize's `init` with a `sequelize` option (not `init(`: `User.init (`
  // and `User.init<User>(` are calls too), a Prisma `model` block, a Bookshelf or Objection
  // `tableName`. Names are the ones the code
  // compares (callee property, resolved callee's last name, decorator name, option key).
  signals: ['model', 'Schema', 'define', 'Entity', 'Table', 'sequelize', 'tableName'],
  extract(file, ctx) {
    if (file.path.endsWith('.prisma')) {
      const facts = prismaModels(file);
      return facts.length > 0 ? facts : null;
    }
    const index = jsIndex(file, ctx);
    const facts = jsModels(index).map((m) => fact(file.path, m, index.evidence(m.at as AstNode)));
    return facts.length > 0 ? facts : null;
  },
};
