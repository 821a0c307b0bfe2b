import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataModelFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('SQLAlchemy, Flask-SQLAlchemy, SQLModel and Django models are classified by field names', () => {
  const { facts } = runExtractor(extractor, {
    'models.py': `from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from django.db import models
from django.contrib.auth.models import AbstractUser

class Base(DeclarativeBase):
    pass

class Account(Base):
    __tablename__ = "accounts"
    id = Column(Integer, primary_key=True)
    email = Column(String)
    password_hash: Mapped[str] = mapped_column(String)

class Payment(models.Model):
    amount = models.DecimalField()
    card_number = models.CharField(max_length=19)

class Member(AbstractUser):
    nickname = models.CharField(max_length=20)

class Settings:
    theme = "dark"
`,
  });
  const models = facts.filter((f): f is DataModelFact => f.kind === 'data-model').map((f) => `${f.name} ${f.library} ${f.classification} ${f.categories.join('+')}`);
  assert.deepEqual(models, ['Account sqlalchemy restricted credentials+personal', 'Payment django restricted payment', 'Member django restricted credentials+personal']);
});
