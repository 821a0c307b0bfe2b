// Persistent data models in Python: SQLAlchemy declarative classes (Column, mapped_column,
// Mapped[...] annotations), Flask-SQLAlchemy `db.Model`, SQLModel tables, Django models (with the
// fields an AbstractUser brings), MongoEngine documents; classified by field names.
import type { DataModelFact, FactInput } from '../../../model/types.js';
import { classifyFields } from '../../../model/classify.js';
import type { Extractor } from '../../types.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyClass, type PyIndex } from '../_lib/index.js';

const FIELD_CALL = /^(?:[\w.]*\.)?(Column|mapped_column|relationship|\w+Field|ForeignKey|OneToOneField|ManyToManyField|ReferenceField|EmbeddedDocumentField|ListField)\s*\(/;
const INHERITED: Record<string, string[]> = {
  AbstractUser: ['username', 'password', 'email', 'first_name', 'last_name', 'is_staff', 'is_superuser', 'last_login'],
  AbstractBaseUser: ['password', 'last_login'],
  User: ['username', 'password', 'email', 'first_name', 'last_name', 'is_staff', 'is_superuser', 'last_login'],
};

function library(cls: PyClass, index: PyIndex): string | undefined {
  const bases = cls.bases.join(' ');
  if (/django\.db\.models\.Model|models\.Model|AbstractUser|AbstractBaseUser/.test(bases) && index.importsFrom('django')) return 'django';
  if (/sqlmodel\.SQLModel/.test(bases) && /table\s*=\s*True/.test(cls.node.text().split('\n')[0])) return 'sqlmodel';
  if (/mongoengine\.(Document|DynamicDocument)/.test(bases)) return 'mongoengine';
  if (/\bdb\.Model$|flask_sqlalchemy|DeclarativeBase|declarative_base|\bBase$|\bModel$/.test(bases) && index.importsFrom('sqlalchemy', 'flask_sqlalchemy')) return 'sqlalchemy';
  return undefined;
}

function fieldsOf(cls: PyClass): string[] {
  const fields: string[] = [];
  for (const [name, value] of cls.fields) if (FIELD_CALL.test(value.text()) && !name.startsWith('_')) fields.push(name);
  for (const [name, type] of cls.annotated) {
    if (/^Mapped\[|^Optional\[|^(str|int|float|bool|datetime|date|Decimal|UUID|bytes)\b/.test(type) && !fields.includes(name) && !name.startsWith('_') && name !== 'model_config') fields.push(name);
  }
  for (const b of cls.bases) for (const f of INHERITED[b.split('.').pop() ?? ''] ?? []) if (!fields.includes(f)) fields.push(f);
  return fields;
}

export const extractor: Extractor = {
  id: 'python/data-models',
  title: 'Python data models: SQLAlchemy, SQLModel, Django models, MongoEngine documents',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['Model', 'Column', 'mapped_column', 'Document', 'Base'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const out: FactInput[] = [];
    for (const cls of index.classes) {
      const lib = library(cls, index);
      if (!lib) continue;
      if (cls.fields.get('__abstract__')?.text() === 'True' || /class Meta:\s*\n\s*abstract\s*=\s*True/.test(cls.node.text())) continue;
      const fields = fieldsOf(cls);
      if (fields.length === 0) continue;
      const { classification, categories } = classifyFields(fields);
      const fact: Omit<DataModelFact, 'extractor'> = { kind: 'data-model', name: cls.name, fields, library: lib, classification, categories, evidence: index.evidence(cls.line), key: `${index.file}#data-model:${cls.name}` };
      out.push(fact);
    }
    return out.length > 0 ? out : null;
  },
};
