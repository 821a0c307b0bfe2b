import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FactCacheReport } from '../../cache/index.js';
import { diffSource, evaluateGate, GATE_LEVELS, isGateLevel, renderDeltaText } from '../../diff/index.js';
import { renderPrComment } from '../../emit/pr-comment.js';
import { renderSarif } from '../../emit/sarif.js';
import type { BaselineState } from '../../emit/sarif.js';
import { writeFileAtomic } from '../../util/fs.js';
import { UsageError } from '../../util/errors.js';
import { progressReporter } from '../progress.js';
import type { Command, Io } from '../types.js';

const USAGE = `threatcode diff <source> --base <ref> [--head <ref>] [options]

Models two commits of a local git repository without touching its work tree and reports what the
change adds to the attack surface: new, resolved and changed threats (matched by stable id, so
moved code is not new), entry points, flows, components, dependencies and kill chains.

  <source>             a local git work tree (or a folder in one) or a bare repository
  --base <ref>         the commit the change starts from (branch, tag, commit id)
  --head <ref>         the changed commit (default: the work tree as it is; HEAD in a bare repository)
  --fail-on <level>    exit 1 when a threat at or above this level appears: ${GATE_LEVELS.join(', ')} (default none)
  --json               print the delta as JSON on stdout instead of the text report
  --markdown <file>    write a pull-request comment (Markdown)
  --sarif <file>       write SARIF 2.1.0 of the head model's threats, with baselineState new/updated/unchanged
  --link-base <url>    base URL for file links in the comment, e.g. https://github.com/o/r/blob/<sha>
  --product <name>     product name (default: .threatcode.yml, then the folder name)
  --no-cache           extract every file again instead of reusing cached facts

Exit codes: 0 no gate or gate passed, 1 gate failed, 2 usage or unreadable input.`;

function cacheWarnings(io: Io, report: FactCacheReport | undefined): void {
  for (const d of report?.diagnostics ?? []) io.stderr.write(`threatcode diff: warning: ${d.message}\n`);
}

export const command: Command = {
  name: 'diff',
  summary: 'threat and attack-surface delta between two commits (PR gate, comment, SARIF)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        'fail-on': { type: 'string', default: 'none' },
        json: { type: 'boolean', default: false },
        markdown: { type: 'string' },
        sarif: { type: 'string' },
        'link-base': { type: 'string' },
        product: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('diff needs exactly one <source>');
    if (!values.base) throw new UsageError('--base <ref> is required');
    const failOn = values['fail-on'];
    if (!isGateLevel(failOn)) throw new UsageError(`--fail-on must be one of ${GATE_LEVELS.join(', ')}`);

    const reports: FactCacheReport[] = [];
    const progress = progressReporter(io);
    const result = await diffSource({
      source: resolve(io.cwd, positionals[0]),
      base: values.base,
      head: values.head,
      productName: values.product,
      env: io.env,
      cache: values['no-cache'] ? false : { env: io.env, onReport: (r) => reports.push(r) },
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    for (const report of reports) cacheWarnings(io, report);

    const { delta } = result;
    const gate = evaluateGate(delta, failOn);
    const models = { base: result.base, head: result.head };
    if (values.markdown) {
      await writeFileAtomic(resolve(io.cwd, values.markdown), renderPrComment(delta, models, gate, { linkBase: values['link-base'] }));
    }
    if (values.sarif) {
      const baseline = new Map<string, BaselineState>();
      for (const t of result.head.threats) baseline.set(t.id, 'unchanged');
      for (const t of delta.changed) baseline.set(t.id, 'updated');
      for (const t of delta.new) baseline.set(t.id, 'new');
      await writeFileAtomic(resolve(io.cwd, values.sarif), renderSarif(result.head, { baseline }));
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ ...delta, gate }, null, 2)}\n`);
    else io.stdout.write(renderDeltaText(delta, models, gate));
    return gate.failed ? 1 : 0;
  },
};
