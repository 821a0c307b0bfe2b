// Container image references (`[registry/]path[:tag][@digest]`), shared by the IaC extractors.
// Grammar after github.com/distribution/reference: the first path component is a registry when it
// contains a `.` or a `:` or is `localhost`; Docker Hub official images live under `library/`.
import type { StoreKind } from '../../../model/types.js';

export interface ImageRef {
  /** Registry host (`gcr.io`, `localhost:5000`); undefined for Docker Hub. */
  registry?: string;
  /** Repository path without registry and without Docker Hub's `library/` (`node`, `bitnami/redis`). */
  path: string;
  /** Display name: the path, prefixed with the registry when there is one. */
  name: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const DIGEST = /@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})$/;
const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Parses an image reference; undefined when it is not one (unresolved variables, garbage). */
export function parseImageRef(ref: string): ImageRef | undefined {
  let rest = ref.trim();
  if (rest === '' || rest.includes('$') || /\s/.test(rest)) return undefined;
  let digest: string | undefined;
  const d = DIGEST.exec(rest);
  if (d) {
    digest = d[1];
    rest = rest.slice(0, d.index);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  if (registry && DOCKER_HUB.has(registry)) registry = undefined;
  if (!registry && rest.startsWith('library/')) rest = rest.slice('library/'.length);
  if (!PATH.test(rest)) return undefined;
  return { registry, path: rest, name: registry ? `${registry}/${rest}` : rest, tag, digest };
}

/** `latest` when no tag (Docker pulls `latest`), `digest` when pinned by digest, else the tag. */
export function pinOf(image: ImageRef): string {
  if (image.digest) return 'digest';
  return image.tag ?? 'latest';
}

/** The version a dependency record carries: the tag, else the digest, else `latest`. */
export function versionOf(image: ImageRef): string {
  return image.tag ?? image.digest ?? 'latest';
}

/** Package URL (purl spec, type `docker`): `pkg:docker/bitnami/redis@7.2?repository_url=...`. */
export function imagePurl(image: ImageRef): string {
  const version = encodeURIComponent(versionOf(image));
  const qualifier = image.registry ? `?repository_url=${encodeURIComponent(image.registry)}` : '';
  return `pkg:docker/${image.path}@${version}${qualifier}`;
}

export interface ImageStore {
  tech: string;
  storeKind: StoreKind;
}

/** Image names (last path component) of well-known data stores, caches, queues and search engines. */
const STORES: readonly [RegExp, ImageStore][] = [
  [/^(?:postgres|postgresql|postgis|timescaledb(?:-ha)?|pgvector|cp-postgres)$/, { tech: 'postgres', storeKind: 'database' }],
  [/^(?:mysql|mysql-server|percona(?:-server)?)$/, { tech: 'mysql', storeKind: 'database' }],
  [/^mariadb$/, { tech: 'mariadb', storeKind: 'database' }],
  [/^(?:mongo|mongodb(?:-community-server)?)$/, { tech: 'mongodb', storeKind: 'database' }],
  [/^(?:redis|redis-stack(?:-server)?|valkey|keydb)$/, { tech: 'redis', storeKind: 'cache' }],
  [/^memcached$/, { tech: 'memcached', storeKind: 'cache' }],
  [/^(?:elasticsearch|opensearch)$/, { tech: 'elasticsearch', storeKind: 'search' }],
  [/^(?:rabbitmq)$/, { tech: 'rabbitmq', storeKind: 'queue' }],
  [/^(?:kafka|cp-kafka|cp-server)$/, { tech: 'kafka', storeKind: 'queue' }],
  [/^(?:cassandra|scylla)$/, { tech: 'cassandra', storeKind: 'database' }],
  [/^couchdb$/, { tech: 'couchdb', storeKind: 'database' }],
  [/^neo4j$/, { tech: 'neo4j', storeKind: 'database' }],
  [/^influxdb$/, { tech: 'influxdb', storeKind: 'database' }],
  [/^clickhouse(?:-server)?$/, { tech: 'clickhouse', storeKind: 'database' }],
  [/^(?:etcd)$/, { tech: 'etcd', storeKind: 'database' }],
  [/^minio$/, { tech: 'minio', storeKind: 'storage' }],
];

/** The data store an image runs, if it is a well-known one (`bitnami/postgresql:16` → postgres). */
export function storeOfImage(image: ImageRef): ImageStore | undefined {
  if (/(?:^|\/)mssql\//.test(image.path)) return { tech: 'mssql', storeKind: 'database' };
  const last = image.path.slice(image.path.lastIndexOf('/') + 1);
  return STORES.find(([pattern]) => pattern.test(last))?.[1];
}
