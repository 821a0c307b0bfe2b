import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addSources, type AddEvent } from '../../catalog/add.js';
import { INDEX_DIR } from '../../catalog/layout.js';
import { openQueryIndex } from '../../catalog/query.js';
import { describeChanges } from '../../catalog/record.js';
import { assertCatalog, findProduct, listProducts } from '../../catalog/store.js';
import { FORMATS } from '../../emit/index.js';
import { plain } from '../../ir/render/table.js';
import { UsageError } from '../../util/errors.js';
import type { Command, Io } from '../types.js';

const USAGE = `threatcode catalog <add|list|show|reindex> --catalog <dir> [options]

  add <source>...       model each source (directory or git URL) in parallel and publish it
      --product <name>  product name for a single source (default: .threatcode.yml, then the folder name)
      --ref <ref>       branch or tag for git URLs
      --concurrency <n> sources modelled at once (default: min(4, CPUs))
      --no-blame        skip git blame on evidence lines
  list                  every product: owners, exposure, open threats by severity, last update
  show <product>        one product: summary, changes since the previous version, history
  reindex [--force]     rebuild the derived query index (.index/) from the catalog files
  trend <product>       threats and attack surface over the archived versions (--since YYYY-MM-DD)

  --catalog <dir>       the catalog directory (default: $THREATCODE_CATALOG); created by add
  --json                machine-readable output`;

function catalogDir(values: { catalog?: string }, io: Io): string {
  const dir = values.catalog ?? io.env.THREATCODE_CATALOG;
  if (!dir) throw new UsageError('catalog needs --catalog <dir> (or THREATCODE_CATALOG)');
  return resolve(io.cwd, dir);
}

const isUrl = (s: string) => s.includes('://') || /^[\w.-]+@[\w.-]+:/.test(s);

async function add(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      catalog: { type: 'string' },
      product: { type: 'string' },
      ref: { type: 'string' },
      concurrency: { type: 'string' },
      'no-blame': { type: 'boolean', default: false },
      format: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('catalog add needs at least one <source>');
  if (values.product && positionals.length > 1) throw new UsageError('--product names one product: give a single <source> with it');
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) throw new UsageError('--concurrency must be a whole number from 1 to 64');
  const formats = values.format ? values.format.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
  if (formats?.some((f) => !FORMATS.includes(f))) throw new UsageError(`unknown format in ${values.format} (choose from ${FORMATS.join(', ')})`);
  const catalog = catalogDir(values, io);
  const sources = positionals.map((s) => (isUrl(s) ? s : resolve(io.cwd, s)));
  const progress = (e: AddEvent) => {
    if (values.json) return;
    if (e.type === 'done') {
      const o = e.outcome;
      io.stderr.write(`[${e.done}/${e.total}] ${o.name} v${o.version}${o.commit ? ` @ ${o.commit.slice(0, 7)}` : ''}: ${o.threats} open threats, ${o.entryPoints} entry points (${o.seconds.toFixed(1)} s); ${describeChanges(o.changes)}\n`);
      for (const t of o.changes?.newThreats.slice(0, 5) ?? []) io.stderr.write(`      + ${t.severity} ${t.title} (${t.location})\n`);
      for (const t of o.changes?.resolvedThreats.slice(0, 5) ?? []) io.stderr.write(`      − resolved: ${t.title}\n`);
      for (const ep of o.changes?.newEntryPoints.slice(0, 5) ?? []) io.stderr.write(`      + entry point ${ep.label} (${ep.exposure}, auth ${ep.auth})\n`);
    } else if (e.type === 'failed') io.stderr.write(`[${e.done}/${e.total}] failed: ${e.failure.source}: ${e.failure.error}\n`);
  };
  const result = await addSources(catalog, sources, {
    ...(values.product ? { product: values.product } : {}),
    ...(values.ref ? { ref: values.ref } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(formats ? { formats } : {}),
    blame: !values['no-blame'],
    env: io.env,
    onEvent: progress,
  });
  if (values.json) io.stdout.write(`${JSON.stringify({ catalog, published: result.outcomes, failed: result.failures, seconds: Math.round(result.seconds * 100) / 100 }, null, 2)}\n`);
  else io.stdout.write(`published ${result.outcomes.length} of ${sources.length} product${sources.length === 1 ? '' : 's'} to ${catalog} in ${result.seconds.toFixed(1)} s${result.failures.length ? ` (${result.failures.length} failed)` : ''}\n`);
  return result.failures.length ? 2 : 0;
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { catalog: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const index = await listProducts(catalogDir(values, io));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(index, null, 2)}\n`);
    return 0;
  }
  if (index.products.length === 0) {
    io.stdout.write('the catalog has no products yet\n');
    return 0;
  }
  const rows = index.products.map((p) => [plain(p.name), plain(p.owners.join(' ')) || '—', p.exposure, `${p.threats.bySeverity.critical}/${p.threats.bySeverity.high}/${p.threats.bySeverity.medium}/${p.threats.bySeverity.low}`, `v${p.version} ${p.publishedAt.slice(0, 10)}${p.commit ? ` ${p.commit.slice(0, 7)}` : ''}`]);
  const header = ['PRODUCT', 'OWNERS', 'EXPOSURE', 'C/H/M/L', 'LAST UPDATE'];
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join('  ').trimEnd();
  io.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return 0;
}

async function show(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { catalog: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new UsageError('catalog show needs exactly one <product>');
  const record = await findProduct(catalogDir(values, io), positionals[0]);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return 0;
  }
  const s = record.threats.bySeverity;
  const out = [
    `${record.name} v${record.version} (${record.slug}), published ${record.publishedAt}${record.commit ? ` from ${record.commit.slice(0, 12)}` : ''}`,
    record.repository ? `repository: ${record.repository}` : '',
    `owners: ${record.owners.join(', ') || '—'}; exposure: ${record.exposure}`,
    `open threats: ${record.threats.open} (${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low); entry points: ${record.entryPoints.total} (${record.entryPoints.internet} internet, ${record.entryPoints.unauthenticated} of them unauthenticated); dependencies: ${record.dependencies}`,
    record.topKillChain ? `top kill chain (${record.topKillChain.severity}): ${record.topKillChain.narrative}` : '',
    ...record.topRisks.map((t) => `  ${t.severity.padEnd(8)} ${t.title} (${t.location})`),
    `changes: ${describeChanges(record.changes)}`,
    ...(record.changes?.newThreats.map((t) => `  + ${t.severity} ${t.title} (${t.location})`) ?? []),
    ...(record.changes?.resolvedThreats.map((t) => `  − resolved: ${t.title}`) ?? []),
    ...(record.changes?.newEntryPoints.map((e) => `  + entry point ${e.label} (${e.exposure}, auth ${e.auth})`) ?? []),
    record.history.length ? `history: ${record.history.map((h) => `v${h.version} ${h.publishedAt.slice(0, 10)}`).join(', ')}` : 'history: none yet',
  ].filter(Boolean);
  io.stdout.write(`${out.map(plain).join('\n')}\n`);
  return 0;
}

async function reindex(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { catalog: { type: 'string' }, force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  const catalog = catalogDir(values, io);
  await assertCatalog(catalog);
  if (values.force) await rm(join(catalog, INDEX_DIR), { recursive: true, force: true });
  const index = await openQueryIndex(catalog);
  const summary = { products: Object.keys(index.meta.products).length, rebuilt: index.refreshed.changed + index.refreshed.removed, seconds: Math.round(index.refreshed.seconds * 1000) / 1000, inMemory: index.refreshed.inMemory };
  io.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : `index: ${summary.products} products, ${summary.rebuilt} re-read in ${summary.seconds} s${summary.inMemory ? ' (in memory: the catalog is not writable)' : ''}\n`);
  return 0;
}

export const command: Command = {
  name: 'catalog',
  summary: 'publish many products into a catalog and read it (add, list, show, reindex)',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'add':
        return add(rest, io);
      case 'list':
        return list(rest, io);
      case 'show':
        return show(rest, io);
      case 'reindex':
        return reindex(rest, io);
      case 'trend':
        return (await import('./catalog-trend.js')).command.run(rest, io);
      default:
        throw new UsageError(sub ? `unknown catalog command '${sub}'` : 'catalog needs a command: add, list, show or reindex');
    }
  },
};
