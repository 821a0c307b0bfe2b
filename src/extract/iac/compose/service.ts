// One Compose service → a deployment fact (what runs, how it is exposed, what it may touch on the
// host), literal secrets in its environment and build args, and its image as a dependency.
import { posix } from 'node:path';
import { isSeq } from 'yaml';
import type { Document } from 'yaml';
import type { DependencyFact, DeploymentFact, Evidence, SecretFact } from '../../../model/types.js';
import { imagePurl, parseImageRef, pinOf, storeOfImage, versionOf } from '../_lib/image.js';
import { envValueForFact, judgeSecret, literalValue, urlPassword } from '../../../util/secrets.js';
import { lineOfNode, pairOf, resolveNode } from '../_lib/yaml.js';
import type { ParsedYaml } from '../_lib/yaml.js';
import { hasVariable, interpolate, interpolateDefaults } from './interpolate.js';
import type { Lookup } from './interpolate.js';
import { isAllInterfaces, isInternalAddress, parsePorts, renderBinding } from './ports.js';
import { profileDevReason } from './dev.js';

type Omitted<T> = Omit<T, 'extractor'>;

/** Attribute carrying a service's interpolated parts as written (JSON), for link(); removed there. */
export const RAW_ATTRIBUTE = 'composeRaw';
export type ServiceFact = Omitted<DeploymentFact> | Omitted<SecretFact> | Omitted<DependencyFact>;

export interface ServiceInput {
  file: string;
  name: string;
  value: Record<string, unknown>;
  /** The service's mapping node (for line numbers of nested keys). */
  node: unknown;
  /** 1-based line of the service's key. */
  line: number;
  doc: Document.Parsed;
  parsed: ParsedYaml;
  /** Why the whole file is for development or tests (its project name or header comment), if it is. */
  fileDevReason?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** List form or map form (`depends_on`, `networks`): the names. */
function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (isRecord(v) ? text(v.source) : text(v))).filter((v): v is string => !!v);
  if (isRecord(value)) return Object.keys(value);
  return [];
}

/** `environment:` (map or `NAME=value` list) and `build.args:` (same shapes) as ordered pairs. */
function pairs(value: unknown): { name: string; value: string | undefined }[] {
  if (Array.isArray(value)) {
    return value
      .map((v) => text(v))
      .filter((v): v is string => v !== undefined)
      .map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? { name: entry, value: undefined } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
      });
  }
  if (isRecord(value)) return Object.entries(value).map(([name, v]) => ({ name, value: text(v) }));
  return [];
}

/** Line of `NAME` inside an environment/args node (map key or list item), else the fallback. */
function entryLine(input: ServiceInput, containerNode: unknown, name: string, fallback: number): number {
  const node = resolveNode(containerNode, input.doc);
  const pair = pairOf(node, name);
  if (pair) return lineOfNode(input.parsed, pair.key) ?? fallback;
  if (isSeq(node)) {
    const item = node.items.find((i) => {
      const v = (i as { value?: unknown }).value;
      return typeof v === 'string' && (v === name || v.startsWith(`${name}=`));
    });
    return lineOfNode(input.parsed, item) ?? fallback;
  }
  return fallback;
}

function keyLine(input: ServiceInput, key: string): number {
  const pair = pairOf(resolveNode(input.node, input.doc), key);
  return (pair && lineOfNode(input.parsed, pair.key)) ?? input.line;
}

interface Volume {
  source?: string;
  target?: string;
  rendered: string;
}

/** `resolved`: variables have known values (link step), so the rendering shows them substituted. */
function volumes(value: unknown, interp: (t: string) => string = interpolateDefaults, resolved = false): Volume[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v): Volume[] => {
    const short = text(v);
    if (short !== undefined) {
      const parts = interp(short).split(':');
      const rendered = resolved && hasVariable(short) && parts[0] !== '' ? interp(short) : short;
      return [parts.length === 1 ? { target: parts[0], rendered } : { source: parts[0], target: parts[1], rendered }];
    }
    if (!isRecord(v)) return [];
    const source = text(v.source) === undefined ? undefined : interp(text(v.source) ?? '');
    const target = text(v.target);
    const mode = v.read_only === true ? ':ro' : '';
    return [{ source, target, rendered: `${source ?? text(v.type) ?? ''}:${target ?? ''}${mode}` }];
  });
}

const RUNTIME_SOCKET = /(?:^|\/)(docker|containerd|crio|podman)\.sock$/;
const SENSITIVE_HOST_PATHS = new Set(['/', '/proc', '/sys', '/etc', '/root', '/boot', '/dev', '/var/run', '/run', '/var/lib/docker']);
const ESCAPE_CAPABILITIES = new Set(['SYS_ADMIN', 'ALL', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH']);

/** Ways the service reaches past its container onto the host. */
function hostAccess(value: Record<string, unknown>, mounts: Volume[]): string[] {
  const access: string[] = [];
  for (const key of ['network_mode', 'pid', 'ipc', 'userns_mode'] as const) {
    if (text(value[key]) === 'host') access.push(`${key === 'network_mode' ? 'network' : key.replace('_mode', '')}:host`);
  }
  for (const mount of mounts) {
    if (!mount.source) continue;
    const source = mount.source === '/' ? '/' : mount.source.replace(/\/+$/, '');
    const socket = RUNTIME_SOCKET.exec(source);
    if (socket) access.push(`${socket[1]}.sock`);
    else if (source === '/') access.push('host-root');
    else if (SENSITIVE_HOST_PATHS.has(source)) access.push(`mount:${source}`);
  }
  const caps = Array.isArray(value.cap_add) ? value.cap_add.map((c) => text(c)?.toUpperCase().replace(/^CAP_/, '')) : [];
  for (const cap of caps) if (cap && ESCAPE_CAPABILITIES.has(cap)) access.push(`cap:${cap}`);
  return [...new Set(access)];
}

/**
 * Label-configured reverse proxies that discover services through the Docker socket: Traefik
 * (`traefik.enable=true`, `traefik.http.routers.<name>.rule=...`) and caddy-docker-proxy
 * (`caddy.reverse_proxy=...`). The value names the proxy that routes to this service.
 */
function proxyRouting(labels: { name: string; value: string | undefined }[]): string | undefined {
  const enabled = (name: string) => labels.some((l) => l.name === name && String(l.value).toLowerCase() !== 'false');
  if (labels.some((l) => /^traefik\.(?:http|tcp|udp)\.(?:routers|services)\./.test(l.name)) && !labels.some((l) => l.name === 'traefik.enable' && String(l.value).toLowerCase() === 'false')) return 'traefik';
  if (enabled('traefik.enable')) return 'traefik';
  if (labels.some((l) => /^caddy(?:_\d+)?\.reverse_proxy$/.test(l.name))) return 'caddy';
  return undefined;
}

function securityOptions(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => text(v) ?? '').filter((v) => v.length > 0) : [];
}

function buildContext(composeDir: string, build: unknown, interp: (t: string) => string): { context?: string; remote?: string; dockerfile?: string } {
  const raw = isRecord(build) ? text(build.context) ?? '.' : text(build);
  if (raw === undefined) return {};
  const context = interp(raw).trim() || '.';
  const written = isRecord(build) ? text(build.dockerfile) : undefined;
  const dockerfile = written === undefined ? undefined : hasVariable(written) ? interp(written).trim() || written : written;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) return { remote: context, dockerfile };
  const joined = posix.normalize(posix.join(composeDir, context)).replace(/\/+$/, '');
  return { context: joined === '' ? '.' : joined, dockerfile };
}

function evidence(file: string, line: number, snippet: string): Evidence {
  return { file, line, snippet };
}

/**
 * The credential each secret fact carries (a URL's password, else the literal), for index.ts to
 * tell which facts of one file hold the same one (`MINIO_ROOT_PASSWORD` and the app's
 * `STORAGE_SECRET_KEY`). Never stored in a fact: only the key of the first holder is.
 */
export const SECRET_VALUES = new WeakMap<object, string>();

function secretFacts(input: ServiceInput, field: 'environment' | 'args', entries: { name: string; value: string | undefined }[]): Omitted<SecretFact>[] {
  const out: Omitted<SecretFact>[] = [];
  const containerNode =
    field === 'environment'
      ? pairOf(resolveNode(input.node, input.doc), 'environment')?.value
      : pairOf(resolveNode(pairOf(resolveNode(input.node, input.doc), 'build')?.value, input.doc), 'args')?.value;
  for (const { name, value } of entries) {
    const secret = value === undefined ? undefined : judgeSecret(name, value);
    if (!secret) continue;
    const line = entryLine(input, containerNode, name, input.line);
    const literal = literalValue(value ?? '') ?? '';
    const fact: Omitted<SecretFact> = {
      kind: 'secret',
      secretType: secret.secretType,
      redacted: secret.redacted,
      ...(secret.usage ? { usage: secret.usage } : {}),
      ...(secret.placeholder ? { placeholder: true } : {}),
      evidence: evidence(input.file, line, `${name}: ${secret.redacted}`),
      key: `${input.file}#secret:${input.name}:${field}:${name}`,
    };
    SECRET_VALUES.set(fact, urlPassword(literal) ?? literal);
    out.push(fact);
  }
  return out;
}

/** The parts of a service that Compose interpolates: what link() recomputes once `.env` is known. */
export interface ComposeRaw {
  image?: unknown;
  build?: unknown;
  ports?: unknown;
  expose?: unknown;
  environment?: unknown;
  env_file?: unknown;
  network_mode?: unknown;
  volumes?: unknown;
}

export interface ResolvedParts {
  image?: string;
  buildContext?: string;
  ports: NonNullable<DeploymentFact['ports']>;
  exposure: 'internet' | 'internal';
  env: Record<string, string>;
  attributes: Record<string, string | number | boolean | null>;
  /** Paths of `env_file:` entries, relative to the Compose file's folder, as written. */
  envFiles: string[];
  volumes: string[];
  /** Host access through mounts (runtime sockets, sensitive host paths). */
  mountAccess: string[];
}

/**
 * Image, build context, ports, exposure and environment after interpolation with `lookup`
 * (nothing known: defaults only). `fileEnv` is what `env_file:` files give, overridden by
 * `environment:`; a pass-through entry (`- NAME`) takes the variable's value when it is known.
 */
const NO_VALUES: Lookup = () => undefined;

export function resolveParts(raw: ComposeRaw, file: string, lookup: Lookup = NO_VALUES, fileEnv: Record<string, string> = {}): ResolvedParts {
  const interp = (t: string) => interpolate(t, lookup);
  const composeDir = posix.dirname(file);
  const build = buildContext(composeDir, raw.build, interp);
  const rawImage = text(raw.image);
  const image = rawImage === undefined ? undefined : hasVariable(rawImage) && interp(rawImage).trim() !== '' ? interp(rawImage).trim() : rawImage;
  const imageRef = rawImage === undefined ? undefined : parseImageRef(interp(rawImage));
  const ports = parsePorts(raw.ports, interp);
  const exposed = Array.isArray(raw.expose) ? raw.expose.map((p) => Number.parseInt(interp(text(p) ?? ''), 10)) : [];
  const publicBindings = ports.filter((p) => isAllInterfaces(p.hostIp) || !isInternalAddress(p.hostIp));
  const hostNetwork = text(raw.network_mode) === 'host';
  const store = imageRef ? storeOfImage(imageRef) : undefined;
  const envFiles = (Array.isArray(raw.env_file) ? raw.env_file : raw.env_file === undefined ? [] : [raw.env_file])
    .map((e) => (isRecord(e) ? text(e.path) : text(e)))
    .filter((e): e is string => !!e);
  const env: Record<string, string> = { ...fileEnv };
  for (const e of pairs(raw.environment)) {
    const passed = e.value === undefined ? lookup(e.name) : undefined;
    const value = e.value === undefined ? passed ?? '' : interpolate(e.value, lookup, true);
    env[e.name] = envValueForFact(e.name, value);
  }
  const attributes: Record<string, string | number | boolean | null> = { publishedAllInterfaces: ports.some((p) => isAllInterfaces(p.hostIp)) };
  const setText = (key: string, v: string | undefined): void => {
    if (v !== undefined && v !== '') attributes[key] = v;
  };
  setText('publishedPorts', ports.map(renderBinding).join(', '));
  setText('envFile', envFiles.join(', '));
  setText('buildDockerfile', build.dockerfile);
  setText('buildRemote', build.remote);
  if (imageRef && !raw.build) attributes.imageTag = pinOf(imageRef);
  if (store) {
    attributes.datastore = store.tech;
    attributes.storeKind = store.storeKind;
  }
  const mounts = volumes(raw.volumes, interp, lookup !== NO_VALUES);
  return {
    ...(image !== undefined ? { image } : {}),
    ...(build.context !== undefined ? { buildContext: build.context } : {}),
    volumes: mounts.map((m) => m.rendered),
    mountAccess: hostAccess({}, mounts),
    ports: [
      ...ports.map((p) => ({ container: p.container, published: p.published, protocol: p.protocol })),
      ...exposed.filter((p) => Number.isInteger(p) && p > 0).map((p) => ({ container: p, protocol: 'tcp' })),
    ],
    exposure: publicBindings.length > 0 || hostNetwork ? 'internet' : 'internal',
    env,
    attributes,
    envFiles,
  };
}

/** Whether link() may learn more about this service from `.env` / `env_file:`. */
function needsLink(raw: ComposeRaw): boolean {
  const passThrough = pairs(raw.environment).some((e) => e.value === undefined);
  return passThrough || raw.env_file !== undefined || hasVariable(JSON.stringify([raw.image, raw.build, raw.ports, raw.expose, raw.environment, raw.volumes]));
}

/** Server flags that turn on authentication: Redis/Valkey/KeyDB passwords and ACL files, mongod `--auth`. */
const AUTH_FLAG = /(?:^|\s)--(?:requirepass|aclfile|auth|keyFile)(?:[\s=]|$)/;

function commandRequiresAuth(command: unknown): boolean {
  const parts = Array.isArray(command) ? command.map((c) => text(c) ?? '') : [text(command) ?? ''];
  return AUTH_FLAG.test(` ${parts.join(' ')} `);
}

export function serviceFacts(input: ServiceInput): ServiceFact[] {
  const { value: s, file, name } = input;
  const raw: ComposeRaw = { image: s.image, build: s.build, ports: s.ports, expose: s.expose, environment: s.environment, env_file: s.env_file, network_mode: s.network_mode, volumes: s.volumes };
  const parts = resolveParts(raw, file);
  const image = text(s.image);
  const imageRef = image === undefined ? undefined : parseImageRef(interpolateDefaults(image));
  const mounts = volumes(s.volumes);
  const access = hostAccess(s, mounts);
  const user = text(s.user);
  const environment = pairs(s.environment);
  const secOpts = securityOptions(s.security_opt);
  const healthcheck = isRecord(s.healthcheck) && s.healthcheck.disable !== true;

  const attributes: Record<string, string | number | boolean | null> = {
    hasBuild: s.build !== undefined,
    healthcheck,
    readOnly: s.read_only === true,
    ...parts.attributes,
  };
  const setText = (key: string, v: string | undefined): void => {
    if (v !== undefined && v !== '') attributes[key] = v;
  };
  setText('restart', text(s.restart));
  setText('containerName', text(s.container_name));
  setText('networkMode', text(s.network_mode));
  setText('securityOpt', secOpts.join(', '));
  const profiles = Array.isArray(s.profiles) ? s.profiles.map((p) => text(p) ?? '').filter((p) => p !== '') : [];
  setText('profiles', profiles.join(', '));
  // Development, test or deprecated: rules cap what they find here (see dev.ts).
  setText('devOnly', input.fileDevReason ?? profileDevReason(profiles));
  if (isRecord(s.build)) setText('buildTarget', text(s.build.target));
  const routedBy = proxyRouting(pairs(s.labels));
  if (routedBy) attributes.proxyRouted = routedBy;
  if (secOpts.some((o) => /^seccomp[:=]unconfined$/.test(o))) attributes.seccompUnconfined = true;
  if (secOpts.some((o) => /^apparmor[:=]unconfined$/.test(o))) attributes.apparmorUnconfined = true;
  if (secOpts.some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o))) attributes.noNewPrivileges = true;
  // `redis-server --requirepass …`, `mongod --auth`: the store asks for credentials (the value is never kept).
  if (commandRequiresAuth(s.command) || commandRequiresAuth(s.entrypoint)) attributes.commandAuth = true;
  // Literal secrets never leave the extractor, not even inside this attribute (facts are cached).
  const redactedEnv = Object.fromEntries(pairs(s.environment).map((e) => [e.name, e.value === undefined ? null : envValueForFact(e.name, e.value)]));
  if (needsLink(raw)) attributes[RAW_ATTRIBUTE] = JSON.stringify({ ...raw, environment: redactedEnv });

  // `environment:` keeps references as written until link() knows the variables.
  const env: Record<string, string> = {};
  for (const e of environment) env[e.name] = e.value === undefined ? '' : envValueForFact(e.name, e.value);
  const deployment: Omitted<DeploymentFact> = {
    kind: 'deployment',
    platform: 'compose',
    workload: name,
    resourceType: 'service',
    ...(image !== undefined ? { image } : {}),
    ...(parts.buildContext !== undefined ? { buildContext: parts.buildContext } : {}),
    ports: parts.ports,
    exposure: parts.exposure,
    privileged: s.privileged === true,
    ...(user !== undefined && !hasVariable(user) ? { runsAsRoot: ['root', '0'].includes(user.split(':')[0].trim()) } : {}),
    hostAccess: access,
    env,
    dependsOn: names(s.depends_on),
    volumes: mounts.map((m) => m.rendered),
    networks: names(s.networks),
    secrets: names(s.secrets),
    attributes,
    evidence: evidence(file, input.line, `${name}:`),
    key: `${file}#deployment:${name}`,
  };

  const facts: ServiceFact[] = [deployment];
  facts.push(...secretFacts(input, 'environment', environment));
  if (isRecord(s.build)) facts.push(...secretFacts(input, 'args', pairs(s.build.args)));
  if (imageRef && s.build === undefined) {
    facts.push({
      kind: 'dependency',
      ecosystem: 'docker',
      name: imageRef.name,
      version: versionOf(imageRef),
      direct: true,
      scope: 'prod',
      manifest: file,
      purl: imagePurl(imageRef),
      evidence: evidence(file, keyLine(input, 'image'), `image: ${image ?? ''}`),
      key: `${file}#dependency:docker:${name}`,
    });
  }
  return facts;
}
