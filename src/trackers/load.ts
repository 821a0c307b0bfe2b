// Where the threats come from: a model.json written by `threatcode model`, or the current version
// of one or every product of a catalog (read-only: tickets never write the catalog).
import { readFile } from 'node:fs/promises';
import { MODEL_FILE, REACH_FILE, slugify } from '../catalog/layout.js';
import type { ReachIndex } from '../catalog/reach-types.js';
import { findProduct, listProducts } from '../catalog/store.js';
import { readProductFile } from '../catalog/txn.js';
import { ownersOf } from '../extract/repo/codeowners/match.js';
import { MODEL_SCHEMA, type ThreatModel } from '../model/types.js';
import { InputError } from '../util/errors.js';
import type { ProductInput } from './sync.js';

export interface LoadedProduct extends ProductInput {
  /** Where the model was read from, for messages. */
  source: string;
}

function parseModel(text: string, source: string): ThreatModel {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(source, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const model = value as Partial<ThreatModel> | null;
  if (!model || typeof model !== 'object' || model.schema !== MODEL_SCHEMA || !Array.isArray(model.threats) || !model.product) {
    throw new InputError(source, `is not a threatcode model (expected "schema": "${MODEL_SCHEMA}"; write one with \`threatcode model\`)`);
  }
  return model as ThreatModel;
}

export async function loadModelFile(path: string, shown = path): Promise<LoadedProduct> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(shown, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const model = parseModel(text, shown);
  return { slug: slugify(model.product.name), model, source: shown };
}

function ownersFromReach(text: string | undefined): ((file: string) => string[]) | undefined {
  if (!text) return undefined;
  try {
    const reach = JSON.parse(text) as Partial<ReachIndex>;
    const rules = reach.codeowners?.rules;
    return rules?.length ? (file) => ownersOf(rules, file) : undefined;
  } catch {
    return undefined; // owners are a nicety; a damaged reach.json must not stop the sync
  }
}

/** One product (by name or slug) or every product of a catalog. */
export async function loadCatalogProducts(catalog: string, product?: string): Promise<LoadedProduct[]> {
  const slugs = product ? [(await findProduct(catalog, product)).slug] : (await listProducts(catalog)).products.map((p) => p.slug);
  const out: LoadedProduct[] = [];
  for (const slug of slugs) {
    const source = `${catalog}/products/${slug}/${MODEL_FILE}`;
    const text = await readProductFile(catalog, slug, MODEL_FILE);
    if (!text) throw new InputError(source, 'is missing (republish the product with `threatcode catalog add`)');
    const model = parseModel(text, source);
    const ownersFor = ownersFromReach(await readProductFile(catalog, slug, REACH_FILE));
    out.push({ slug, model, source, ...(ownersFor ? { ownersFor } : {}) });
  }
  return out;
}
