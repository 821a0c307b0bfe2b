import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per way in, each carrying a single signal. */
const PATHS: Record<string, string> = {
  'src/user.js': "class User extends Base {}\nUser.init ({ email: DataTypes.STRING }, { sequelize });\n",
  'src/order.ts': "User.init<User>({ email: DataTypes.STRING }, { sequelize: db });\n",
  'prisma/schema.prisma': 'model Account {\n  id Int @id\n  email String\n}\n',
  'src/ledger.js': "class Ledger extends Base {\n  static tableName = 'ledgers';\n}\n",
  'src/account.ts': '@Entity()\nexport class Account {\n  @Column() email: string;\n}\n',
};

describe('extract/js/data-models signals', () => {
  signalTests(extractor, PATHS);
});
