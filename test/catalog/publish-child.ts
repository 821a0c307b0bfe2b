// Child process for the crash-safety tests: publishes version N of a product and, when it reaches
// the step named on the command line, says so on stdout and waits to be killed (SIGKILL).
//   node --import tsx test/catalog/publish-child.ts <catalog> <version-marker> <step|none> [padding-kb]
import { publishModel } from '../../src/catalog/publish.js';
import type { TxnStep } from '../../src/catalog/txn.js';
import { versionedModel } from './synthetic.js';

const [catalog, marker, stop, padding] = process.argv.slice(2);
const { model, reach } = versionedModel(Number(marker), Number(padding ?? '0'));
await publishModel(catalog, {
  model,
  reach,
  now: new Date(Date.UTC(2025, 0, Number(marker))),
  onStep: async (step: TxnStep) => {
    process.stdout.write(`step ${step}\n`);
    if (step !== stop) return;
    process.stdout.write(`at ${step}\n`);
    await new Promise(() => setInterval(() => undefined, 1000));
  },
});
process.stdout.write('done\n');
