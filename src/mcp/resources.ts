// Catalog resources: the product index and, per product, its model, summary and record.
//   threatcode://catalog                          catalog index (JSON)
//   threatcode://catalog/products/{slug}/{file}   model.json, summary.md or product.json
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { isValidSlug } from '../catalog/layout.js';
import { NotAvailable, toMcpError, ToolFailure } from './errors.js';
import type { Workspace } from './workspace.js';

const FILES: Record<string, string> = { 'model.json': 'application/json', 'summary.md': 'text/markdown', 'product.json': 'application/json' };

const catalogOf = (workspace: Workspace): Promise<string> => workspace.catalogDir();

async function store() {
  try {
    return await Promise.all([import('../catalog/store.js'), import('../catalog/txn.js')]);
  } catch (error) {
    throw new NotAvailable('the catalog (src/catalog)', error);
  }
}

export function registerResources(server: McpServer, workspace: Workspace): void {
  server.registerResource('catalog', 'threatcode://catalog', { title: 'Catalog index', description: 'Every cataloged product: owners, exposure, open threats by severity, versions.', mimeType: 'application/json' }, async (uri): Promise<ReadResourceResult> => {
    try {
      const [{ listProducts }] = await store();
      const index = await listProducts(await catalogOf(workspace));
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(index, null, 2) }] };
    } catch (error) {
      throw toMcpError('catalog', error);
    }
  });

  server.registerResource(
    'catalog-product',
    new ResourceTemplate('threatcode://catalog/products/{slug}/{file}', {
      list: async () => {
        if (!workspace.catalog) return { resources: [] };
        try {
          const [{ listProducts }] = await store();
          const index = await listProducts(await catalogOf(workspace));
          return {
            resources: index.products.flatMap((p) =>
              Object.entries(FILES).map(([file, mimeType]) => ({ uri: `threatcode://catalog/products/${p.slug}/${file}`, name: `${p.name} ${file}`, mimeType })),
            ),
          };
        } catch (error) {
          throw toMcpError('catalog', error);
        }
      },
    }),
    { title: 'Cataloged product', description: "A product's model.json, summary.md or product.json from the catalog." },
    async (uri, variables): Promise<ReadResourceResult> => {
      try {
        const slug = String(variables.slug);
        const file = String(variables.file);
        if (!isValidSlug(slug)) throw new ToolFailure(`${slug} is not a product slug`);
        if (!FILES[file]) throw new ToolFailure(`${file} is not one of ${Object.keys(FILES).join(', ')}`);
        const [, { readProductFile }] = await store();
        const text = await readProductFile(await catalogOf(workspace), slug, file);
        if (text === undefined) throw new ToolFailure(`no ${file} for product ${slug} in the catalog`);
        return { contents: [{ uri: uri.href, mimeType: FILES[file], text }] };
      } catch (error) {
        throw toMcpError('catalog', error);
      }
    },
  );
}
