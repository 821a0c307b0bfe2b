import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { driftSource, renderDriftText } from '../../drift/index.js';
import { UsageError } from '../../util/errors.js';
import { progressReporter } from '../progress.js';
import type { Command } from '../types.js';

const USAGE = `threatcode drift <source> --against <model.json|.tc.json> [--json] [--no-fail] [--no-cache]

Models <source> as it is now and reports what the stored model lacks (entry points, flows,
components, data stores, threats the code now has) and what it still claims (elements gone from the
code, threats whose evidence is gone).

  --against <file>   the stored model: threatcode's model.json or a Threat Composer .tc.json
  --json             print the report as JSON
  --no-fail          exit 0 even when the model has drifted
  --no-cache         extract every file again instead of reusing cached facts

Exit codes: 0 in sync, 1 drifted, 2 usage or unreadable input.`;

export const command: Command = {
  name: 'drift',
  summary: 'what a stored model lacks or still claims compared with the code',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        against: { type: 'string' },
        json: { type: 'boolean', default: false },
        'no-fail': { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('drift needs exactly one <source>');
    if (!values.against) throw new UsageError('--against <model.json|.tc.json> is required');
    const progress = progressReporter(io);
    const against = resolve(io.cwd, values.against);
    const shown = relative(io.cwd, against);
    const result = await driftSource({
      source: resolve(io.cwd, positionals[0]),
      against,
      env: io.env,
      cache: values['no-cache'] ? false : { env: io.env, onReport: (r) => r.diagnostics.forEach((d) => io.stderr.write(`threatcode drift: warning: ${d.message}\n`)) },
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    const report = { ...result.report, against: { ...result.report.against, file: shown.startsWith('..') ? against : shown } };
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const storedComponents = result.stored.architecture?.components ?? [];
      io.stdout.write(renderDriftText(report, { base: { components: storedComponents }, head: result.current }));
    }
    return report.drifted && !values['no-fail'] ? 1 : 0;
  },
};
