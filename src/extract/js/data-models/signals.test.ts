import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractor } from '../../testing.js';
import { checkSignals } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per way in, each carrying a single signal. */
const PATHS: Record<string, string> = {
  'src/user.js': "class User extends Base {}\nUser.init ({ email: DataTypes.STRING }, { sequelize });\n",
  'src/order.ts': "User.init<User>({ email: DataTypes.STRING }, { sequelize: db });\n",
  'prisma/schema.prisma': 'model Account {\n  id Int @id\n  email String\n}\n',
  'src/account.ts': '@Entity()\nexport class Account {\n  @Column() email: string;\n}\n',
};

describe('extract/js/data-models signals', () => {
  it('occur in every sample file the extractor draws facts from (signals ignored)', () => {
    const { withFacts, unsignalled } = checkSignals(extractor);
    assert.ok(withFacts >= 10, `expected facts from the samples, got ${withFacts} files`);
    assert.deepEqual(unsignalled, []);
  });

  it('let each way in through', () => {
    for (const [path, content] of Object.entries(PATHS)) {
      assert.ok(runExtractor(extractor, { [path]: content }).facts.length > 0, path);
    }
  });
});
