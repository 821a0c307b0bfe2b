// Docker Compose extractor: one deployment fact per service, with secrets and image dependencies.
import { posix } from 'node:path';
import { isMap } from 'yaml';
import type { DeploymentFact, Fact, FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { parseImageRef, storeOfImage } from '../_lib/image.js';
import { lineOfNode, pairOf, parseYaml, resolveNode, toPlain } from '../_lib/yaml.js';
import type { ParsedYaml } from '../_lib/yaml.js';
import { RAW_ATTRIBUTE, resolveParts, SECRET_VALUES, serviceFacts } from './service.js';
import type { ComposeRaw } from './service.js';
import { fileDevReason } from './dev.js';

const NAME = /^(?:docker-compose|compose)[^/]*\.ya?ml$/i;

export function isComposePath(path: string): boolean {
  return NAME.test(posix.basename(path));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses the file; on failure reports a diagnostic and gives undefined. */
function load(file: SourceFile, ctx: ExtractContext): { parsed: ParsedYaml; root: unknown } | undefined {
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(file, ctx);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${errorMessage(error)}` });
    return undefined;
  }
  const [first] = parsed.errors;
  if (first) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML: ${first.message}`, line: first.line });
    return undefined;
  }
  const doc = parsed.documents[0];
  if (!doc) return undefined;
  try {
    return { parsed, root: toPlain(doc) };
  } catch (error) {
    // Alias expansion beyond the limit ("billion laughs") lands here.
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `unsafe YAML: ${errorMessage(error)}` });
    return undefined;
  }
}

/** Compose v2+/spec files have `services:`; v1 files have services at the top level. */
function servicesOf(root: Record<string, unknown>): { services: Record<string, unknown>; legacy: boolean } | undefined {
  if (isRecord(root.services)) return { services: root.services, legacy: false };
  if ('services' in root || 'version' in root) return undefined;
  const legacy = Object.fromEntries(
    Object.entries(root).filter(([, v]) => isRecord(v) && (v.image !== undefined || v.build !== undefined)),
  );
  return Object.keys(legacy).length > 0 ? { services: legacy, legacy: true } : undefined;
}

type EnvFiles = Map<string, Record<string, string>>;

function envFilesOf(facts: Fact[]): EnvFiles {
  const out: EnvFiles = new Map();
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== 'env-file') continue;
    out.set(f.evidence.file, Object.fromEntries(Object.entries(f.values).map(([k, v]) => [k, v === null ? '' : String(v)])));
  }
  return out;
}

/**
 * A service with its variables resolved as `docker compose up` would: `${VAR}` from the `.env`
 * of the Compose file's folder (the project directory), pass-through `environment:` entries from
 * the same, and the variables of its `env_file:` files added to its environment.
 */
function withEnvironment(fact: DeploymentFact, envFiles: EnvFiles): DeploymentFact {
  const encoded = fact.attributes?.[RAW_ATTRIBUTE];
  if (typeof encoded !== 'string') return fact;
  const { [RAW_ATTRIBUTE]: _dropped, ...attributes } = fact.attributes ?? {};
  const dir = posix.dirname(fact.evidence.file);
  const inDir = (p: string) => posix.normalize(posix.join(dir, p));
  const project = envFiles.get(inDir('.env'));
  const raw = JSON.parse(encoded) as ComposeRaw;
  const listed = resolveParts(raw, fact.evidence.file).envFiles.map((p) => envFiles.get(inDir(p))).filter((v): v is Record<string, string> => v !== undefined);
  if (!project && listed.length === 0) return { ...fact, attributes };
  const fileEnv = Object.assign({}, ...listed) as Record<string, string>;
  const parts = resolveParts(raw, fact.evidence.file, (name) => project?.[name], fileEnv);
  return {
    ...fact,
    ...(parts.image !== undefined ? { image: parts.image } : {}),
    ...(parts.buildContext !== undefined ? { buildContext: parts.buildContext } : {}),
    ports: parts.ports,
    exposure: parts.exposure,
    env: parts.env,
    volumes: parts.volumes,
    hostAccess: [...new Set([...(fact.hostAccess ?? []), ...parts.mountAccess])],
    attributes: { ...attributes, ...parts.attributes },
  };
}

/**
 * A service built from a Dockerfile of the repository (`build: ./services/postgresql`, no `image:`)
 * is the data store its Dockerfile starts FROM (`FROM postgres:15`): the same `datastore` attribute
 * an `image: postgres` service gets, so the data-store rules (published ports, authentication) see it.
 */
function withBuiltStore(fact: DeploymentFact, dockerfiles: Map<string, DeploymentFact>): DeploymentFact {
  if (fact.buildContext === undefined || typeof fact.attributes?.datastore === 'string') return fact;
  const written = fact.attributes?.buildDockerfile;
  const name = typeof written === 'string' ? written.replace(/^\.\//, '') : 'Dockerfile';
  const built = dockerfiles.get(fact.buildContext === '.' ? name : `${fact.buildContext}/${name}`);
  const ref = built?.image ? parseImageRef(built.image) : undefined;
  const store = ref ? storeOfImage(ref) : undefined;
  if (!store) return fact;
  return { ...fact, attributes: { ...fact.attributes, datastore: store.tech, storeKind: store.storeKind } };
}

/**
 * A service that builds one `target:` of a multi-stage Dockerfile over a wide context (`context: .`,
 * `dockerfile: prod.Dockerfile`, `target: backend`) runs the folder that stage builds
 * (`packages/backend`): `targetRoot`, which the model builder binds the service to. A target that
 * builds several folders (an all-in-one image) keeps the context.
 */
function withTargetRoot(fact: DeploymentFact, dockerfiles: Map<string, DeploymentFact>): DeploymentFact {
  const target = fact.attributes?.buildTarget;
  if (typeof target !== 'string' || fact.buildContext === undefined) return fact;
  const written = fact.attributes?.buildDockerfile;
  const name = typeof written === 'string' ? written.replace(/^\.\//, '') : 'Dockerfile';
  const sources = dockerfiles.get(fact.buildContext === '.' ? name : `${fact.buildContext}/${name}`)?.attributes?.targetSources;
  if (typeof sources !== 'string') return fact;
  const dirs = (JSON.parse(sources) as Record<string, string[]>)[target.toLowerCase()];
  if (!dirs || dirs.length !== 1) return fact;
  const root = fact.buildContext === '.' ? dirs[0] : posix.join(fact.buildContext, dirs[0]);
  return { ...fact, attributes: { ...fact.attributes, targetRoot: root } };
}

export const extractor: Extractor = {
  id: 'iac/compose',
  title: 'Docker Compose',
  matches: isComposePath,
  signals: ['services', 'image', 'build'],
  extract(file, ctx) {
    const loaded = load(file, ctx);
    if (!loaded || !isRecord(loaded.root)) return null;
    const found = servicesOf(loaded.root);
    if (!found) return null;
    const doc = loaded.parsed.documents[0];
    const servicesNode = found.legacy ? doc.contents : resolveNode(pairOf(doc.contents, 'services')?.value, doc);
    if (!isMap(servicesNode)) return null;
    const facts: FactInput[] = [];
    const devReason = fileDevReason(loaded.root, file.content, file.path);
    for (const [name, value] of Object.entries(found.services)) {
      if (!isRecord(value)) continue;
      const pair = pairOf(servicesNode, name);
      facts.push(
        ...serviceFacts({
          file: file.path,
          name,
          value,
          node: resolveNode(pair?.value, doc),
          line: lineOfNode(loaded.parsed, pair?.key) ?? 1,
          doc,
          parsed: loaded.parsed,
          ...(devReason ? { fileDevReason: devReason } : {}),
        }),
      );
    }
    // One credential written into several services (MinIO's root password and the app's storage
    // key, the DB's password and the app's DATABASE_URL) is one exposure: later copies name the first.
    // Same use as well as same value: an admin password that happens to equal the DB's is another.
    const first = new Map<string, string>();
    for (const f of facts) {
      const literal = f.kind === 'secret' ? SECRET_VALUES.get(f) : undefined;
      if (!literal || f.kind !== 'secret' || !f.key) continue;
      const value = `${f.usage ?? ''}|${literal}`;
      const at = first.get(value);
      if (at) f.sameAs = at;
      else first.set(value, f.key);
    }
    return facts;
  },
  link(facts) {
    if (!facts.some((f) => f.kind === 'deployment' && f.platform === 'compose')) return facts;
    const envFiles = envFilesOf(facts);
    const dockerfiles = new Map<string, DeploymentFact>();
    for (const f of facts) if (f.kind === 'deployment' && f.platform === 'docker') dockerfiles.set(f.evidence.file, f);
    return facts.map((f) => (f.kind === 'deployment' && f.platform === 'compose' ? withTargetRoot(withBuiltStore(withEnvironment(f, envFiles), dockerfiles), dockerfiles) : f));
  },
};
