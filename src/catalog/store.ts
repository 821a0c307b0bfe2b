// Reading a catalog: the product list (catalog.json, or rebuilt in memory from the products when
// it is missing or out of date) and one product's record, history and files.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { buildCatalogIndex, listSlugs, readCatalogIndex, readRecord, type CatalogIndex } from './index-files.js';
import { CATALOG_JSON, PRODUCTS_DIR, slugify } from './layout.js';
import type { ProductRecord } from './record.js';

export async function assertCatalog(catalog: string): Promise<void> {
  const info = await stat(catalog).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(catalog, 'is not a directory (create a catalog with `threatcode catalog add <source> --catalog <dir>`)');
  const hasIndex = await stat(join(catalog, CATALOG_JSON)).then(() => true, () => false);
  const hasProducts = await stat(join(catalog, PRODUCTS_DIR)).then((s) => s.isDirectory(), () => false);
  if (!hasIndex && !hasProducts) throw new InputError(catalog, 'is not a threatcode catalog (no catalog.json and no products/ folder)');
}

/** The product list; catalog.json unless it disagrees with the products on disk. */
export async function listProducts(catalog: string): Promise<CatalogIndex> {
  await assertCatalog(catalog);
  const [index, slugs] = await Promise.all([readCatalogIndex(catalog), listSlugs(catalog)]);
  if (index && index.products.length === slugs.length && index.products.every((p, i) => p.slug === slugs[i])) {
    // Cheap check that each listed version is still the current one.
    const fresh = await Promise.all(index.products.map(async (p) => (await readRecord(catalog, p.slug))?.version === p.version));
    if (fresh.every(Boolean)) return index;
  }
  return buildCatalogIndex(catalog);
}

/** A product by slug or name (case-insensitive). */
export async function findProduct(catalog: string, nameOrSlug: string): Promise<ProductRecord> {
  await assertCatalog(catalog);
  const direct = await readRecord(catalog, slugify(nameOrSlug));
  if (direct) return direct;
  for (const slug of await listSlugs(catalog)) {
    const record = await readRecord(catalog, slug);
    if (record && record.name.toLowerCase() === nameOrSlug.toLowerCase()) return record;
  }
  throw new InputError(nameOrSlug, `no such product in ${catalog} (see \`threatcode catalog list\`)`);
}
