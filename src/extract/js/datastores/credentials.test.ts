import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';
import { CREDENTIALS_SETTING } from './credentials.js';

function logins(files: Record<string, string>): string[] {
  return runExtractor(extractor, files)
    .facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === CREDENTIALS_SETTING)
    .map((f) => `${f.values.library}:${f.values.tech}:${f.values.via}:${f.evidence.line}`);
}

describe('extract/js/datastores credentials', () => {
  it('reads Nest options factories returning user/pass', () => {
    assert.deepEqual(
      logins({
        'src/database/mongoose-config.service.ts': `import { MongooseOptionsFactory } from '@nestjs/mongoose';
export class MongooseConfigService implements MongooseOptionsFactory {
  createMongooseOptions() {
    return {
      uri: this.config.get('database.url'),
      user: this.config.get('database.username'),
      pass: this.config.get('database.password'),
    };
  }
}`,
        'src/database/typeorm-config.service.ts': `export class TypeOrmConfigService {
  createTypeOrmOptions() {
    return { type: 'postgres', host: 'db' };
  }
}`,
      }),
      ['mongoose:mongodb:user:6'],
    );
  });

  it('reads client options, useFactory, connection strings and Sequelize positional logins', () => {
    assert.deepEqual(
      logins({
        'src/db.js': `const mongoose = require('mongoose');
const Redis = require('ioredis');
const { Sequelize } = require('sequelize');
const { TypeOrmModule } = require('@nestjs/typeorm');
mongoose.connect(process.env.MONGO_URL, { auth: { username: 'app', password: process.env.MONGO_PASSWORD } });
new Redis({ host: 'cache', password: process.env.REDIS_PASSWORD });
new Redis({ host: 'cache', password: '' });
new Sequelize('shop', 'app', process.env.DB_PASSWORD, { dialect: 'mysql' });
TypeOrmModule.forRootAsync({ useFactory: (c) => ({ type: 'postgres', username: c.get('DB_USER'), password: c.get('DB_PASS') }) });
mongoose.createConnection(\`mongodb://\${user}:\${pass}@mongo:27017/app\`);
mongoose.createConnection('mongodb://mongo:27017/app');
`,
      }).sort(),
      ['ioredis:redis:password:6', 'mongoose:mongodb:auth:5', 'mongoose:mongodb:connection string:10', 'sequelize:mysql:password:8', 'typeorm:sql:username:9'],
    );
  });
});
