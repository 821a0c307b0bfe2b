// Where things live in a catalog directory (DESIGN §3.6). Only paths and names here, no I/O.
import { join } from 'node:path';

export const CATALOG_SCHEMA = 'threatcode.catalog/v1';
export const PRODUCT_SCHEMA = 'threatcode.product/v1';

export const CATALOG_JSON = 'catalog.json';
export const CATALOG_README = 'README.md';
export const PRODUCTS_DIR = 'products';
export const HISTORY_DIR = 'history';
/** Derived, rebuildable files (query index); listed in the catalog's .gitignore. */
export const INDEX_DIR = '.index';
export const LOCK_DIR = '.lock';
/** A product's in-flight publish: staged files plus, once complete, the COMMIT marker. */
export const TXN_DIR = '.txn';
export const COMMIT_FILE = 'COMMIT';

/** Per-product files: the model (exactly `threatcode model`'s model.json), the catalog's metadata and
 * reachability data, and the rendered views. */
export const MODEL_FILE = 'model.json';
export const PRODUCT_FILE = 'product.json';
export const REACH_FILE = 'reach.json';
/** Archived on every update (the rendered views can be re-rendered from the model). */
export const ARCHIVED_FILES = [MODEL_FILE, PRODUCT_FILE, REACH_FILE];

/** A product name → a folder name: lower case, `[a-z0-9._-]`, no leading dot, at most 64 chars. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64)
    .replace(/[-.]+$/g, '');
  return slug || 'product';
}

export function productDir(catalog: string, slug: string): string {
  return join(catalog, PRODUCTS_DIR, slug);
}

export function historyDir(catalog: string, slug: string, version: number): string {
  return join(productDir(catalog, slug), HISTORY_DIR, String(version));
}

export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{0,63}$/.test(slug) && !slug.includes('..');
}
