// OpenAPI 3.x and Swagger 2.0 documents (YAML or JSON): every operation becomes a declared HTTP
// entry point whose auth comes from the security requirements, and every security scheme an auth
// fact. The builder merges declared operations into the code's routes by method and path.
import type { AuthFact, AuthMechanism, EntrypointFact, FactInput } from '../../../model/types.js';
import { isRecord, list, text } from '../../iac/_lib/yaml-path.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { isDevelopmentOnly } from '../../../util/development-paths.js';
import { declaresTopLevel, loadSpec } from '../_lib/spec.js';
import type { LoadedSpec } from '../_lib/spec.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Scheme = { type: string; scheme?: string; in?: string; bearerFormat?: string; flow?: string };

function mechanismOf(s: Scheme): AuthMechanism {
  const type = s.type.toLowerCase();
  if (type === 'oauth2' || type === 'openidconnect') return 'oauth';
  if (type === 'apikey') return 'api-key';
  if (type === 'basic' || (type === 'http' && s.scheme?.toLowerCase() === 'basic')) return 'basic';
  if (type === 'http' && s.scheme?.toLowerCase() === 'bearer') return s.bearerFormat?.toUpperCase() === 'JWT' ? 'jwt' : 'custom';
  return 'custom';
}

/** The path part of the first server URL (`https://api.x.com/v1` → `/v1`), or Swagger's basePath. */
function basePath(root: Record<string, unknown>): string {
  const swaggerBase = text(root.basePath);
  if (swaggerBase) return swaggerBase.replace(/\/+$/, '');
  const first = list(root.servers).find(isRecord);
  const url = first ? serverUrl(first) : undefined;
  if (!url || url.includes('{')) return '';
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return path.startsWith('/') ? path.replace(/\/+$/, '') : '';
}

/**
 * A server URL with its variables at their defaults (`{scheme}://{host}/v1`); a variable without
 * one may still stand for the whole origin (`{address}/api/v1`), whose path is then known.
 */
function serverUrl(server: Record<string, unknown>): string | undefined {
  const raw = text(server.url);
  if (!raw) return undefined;
  const vars = isRecord(server.variables) ? server.variables : {};
  const url = raw.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return (isRecord(v) ? text(v.default) : undefined) ?? whole;
  });
  return /^\{[^}]*\}(\/.*)$/.exec(url)?.[1] ?? url;
}

interface Security {
  auth: EntrypointFact['auth'];
  schemes: string[];
  tag: string;
}

/** Operation security overrides the document's; `[]` or an empty requirement `{}` means anonymous access. */
function securityOf(operation: Record<string, unknown>, root: Record<string, unknown>, anyDefined: boolean): Security {
  const own = operation.security;
  const requirements = own !== undefined ? list(own) : list(root.security);
  const source = own !== undefined ? 'operation' : 'global';
  if (requirements.length === 0) {
    return { auth: 'none', schemes: [], tag: !anyDefined ? 'security:none-defined' : own !== undefined ? 'security:explicit-empty' : 'security:not-required' };
  }
  if (requirements.some((r) => isRecord(r) && Object.keys(r).length === 0)) return { auth: 'none', schemes: [], tag: 'security:optional' };
  const schemes = [...new Set(requirements.filter(isRecord).flatMap((r) => Object.keys(r)))].sort();
  const scopes = requirements.filter(isRecord).flatMap((r) => Object.values(r).flatMap((v) => list(v).map((s) => String(s))));
  const admin = scopes.some((s) => /(?:^|[:._-])admin(?:$|[:._-])/i.test(s));
  return { auth: admin ? 'admin' : 'user', schemes, tag: `security:${source}` };
}

function anySecurity(root: Record<string, unknown>): boolean {
  if (list(root.security).length > 0) return true;
  const paths = isRecord(root.paths) ? root.paths : {};
  return Object.values(paths).some((item) => isRecord(item) && METHODS.some((m) => isRecord(item[m]) && list(item[m].security).length > 0));
}

function schemesOf(root: Record<string, unknown>): [string, Scheme, (string | number)[]][] {
  const swagger = isRecord(root.securityDefinitions) ? root.securityDefinitions : undefined;
  const components = isRecord(root.components) && isRecord(root.components.securitySchemes) ? root.components.securitySchemes : undefined;
  const source = swagger ?? components ?? {};
  const base = swagger ? ['securityDefinitions'] : ['components', 'securitySchemes'];
  return Object.entries(source)
    .filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]) && typeof e[1].type === 'string')
    .map(([name, s]) => [name, { type: String(s.type), scheme: text(s.scheme), in: text(s.in), bearerFormat: text(s.bearerFormat), flow: text(s.flow) }, [...base, name]]);
}

export function openApiFacts(file: string, spec: LoadedSpec): FactInput[] {
  const { root, at } = spec;
  const facts: FactInput[] = [];
  const version = text(root.openapi) ?? text(root.swagger) ?? '';
  const framework = 'openapi';
  for (const [name, scheme, path] of schemesOf(root)) {
    const auth: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: mechanismOf(scheme),
      library: framework,
      role: 'config',
      name,
      details: { type: scheme.type, scheme: scheme.scheme ?? null, in: scheme.in ?? null, bearerFormat: scheme.bearerFormat ?? null, specVersion: version },
      evidence: { file, line: at.line(path), snippet: `${name}:` },
      key: `${file}#openapi:scheme:${name}`,
    };
    facts.push(auth);
  }
  const paths = isRecord(root.paths) ? root.paths : {};
  const base = basePath(root);
  const defined = anySecurity(root);
  for (const [route, item] of Object.entries(paths)) {
    if (!isRecord(item) || !route.startsWith('/')) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const security = securityOf(operation, root, defined);
      const full = `${base}${route}` || '/';
      const tags = ['declared', security.tag];
      if (base) tags.push(`base-path:${base}`);
      if (operation.deprecated === true) tags.push('deprecated');
      const entry: Omit<EntrypointFact, 'extractor'> = {
        kind: 'entrypoint',
        protocol: 'http',
        framework,
        method: method.toUpperCase(),
        path: full,
        middleware: [],
        auth: security.auth,
        ...(security.schemes.length > 0 ? { authEvidence: security.schemes } : {}),
        tags,
        evidence: { file, line: at.line(['paths', route, method]), snippet: `${method}:` },
        key: `${file}#openapi:${method.toUpperCase()} ${full}`,
      };
      facts.push(entry);
    }
  }
  return facts;
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  if (!declaresTopLevel(file.content, 'openapi') && !declaresTopLevel(file.content, 'swagger')) return null;
  // A spec under test/, fixtures/ or mocks/ is a test's input (the petstore), not an API served.
  if (isDevelopmentOnly(file.path)) return null;
  const spec = loadSpec(file, ctx);
  if (!spec || (typeof spec.root.openapi !== 'string' && typeof spec.root.swagger !== 'string') || !isRecord(spec.root.paths)) return null;
  return openApiFacts(file.path, spec);
}

export const extractor: Extractor = {
  id: 'api/openapi',
  title: 'OpenAPI / Swagger',
  matches: (path) => /\.(?:ya?ml|json)$/i.test(path) && !/(?:^|\/)(?:package(?:-lock)?|tsconfig|composer)\.json$/i.test(path),
  signals: ['openapi', 'swagger'],
  extract,
};
