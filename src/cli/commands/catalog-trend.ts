import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { productTrend, renderTrendText } from '../../catalog/trend.js';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../types.js';

const USAGE = `threatcode catalog trend <product> [--catalog <dir>] [--since <YYYY-MM-DD>] [--json]
(also available as threatcode catalog-trend)

Threats and attack-surface figures of one product over its archived versions in the catalog
(products/<slug>/history/<version>/model.json, then products/<slug>/model.json), and which changes
increased the attack surface.

  <product>          product name or slug
  --catalog <dir>    the catalog folder (default: $THREATCODE_CATALOG, else the current folder)
  --since <date>     only changes dated on or after this day (YYYY-MM-DD), e.g. the start of the quarter
  --json             print the trend as JSON`;

export const command: Command = {
  name: 'catalog-trend',
  summary: "a product's threats and attack surface over its archived versions",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { catalog: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('catalog-trend needs exactly one <product>');
    if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) throw new UsageError('--since takes a date as YYYY-MM-DD');
    const catalog = resolve(io.cwd, values.catalog ?? io.env.THREATCODE_CATALOG ?? '.');
    const trend = await productTrend(catalog, positionals[0], { since: values.since });
    io.stdout.write(values.json ? `${JSON.stringify(trend, null, 2)}\n` : renderTrendText(trend));
    return 0;
  },
};
