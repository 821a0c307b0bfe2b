// One advisory shape for every input (OSV, CVE JSON 5, a package spec, free text), so scoping never
// looks at the source format.
import type { Severity } from '../../model/types.js';

/** OSV range event; exactly one field is set. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' | string;
  events: RangeEvent[];
}

/** One `versions[]` entry of a CVE 5 `affected` product. */
export interface Cve5Version {
  version: string;
  status: 'affected' | 'unaffected' | 'unknown';
  versionType?: string;
  lessThan?: string;
  lessThanOrEqual?: string;
  changes?: { at: string; status: 'affected' | 'unaffected' | 'unknown' }[];
}

/** How an affected package's versions are described. */
export type VersionMatcher =
  | { kind: 'osv'; ranges: OsvRange[]; versions: string[] }
  | { kind: 'cve5'; entries: Cve5Version[]; defaultStatus: 'affected' | 'unaffected' | 'unknown' }
  | { kind: 'spec'; spec: string }
  | { kind: 'all' };

export interface AffectedPackage {
  /** Canonical ecosystem (npm, pypi, go, maven, nuget, rubygems, debian, alpine, docker...). */
  ecosystem: string;
  /** As the advisory wrote it (`PyPI`, `Debian:12`). */
  rawEcosystem: string;
  name: string;
  matcher: VersionMatcher;
  /** Functions or symbols the advisory names (`lodash.baseSet`, Go `imports[].symbols`). */
  functions: string[];
  /** GitHub's `last_known_affected_version_range` (`<= 1.11.1`), when narrower than the ranges. */
  lastKnownAffected?: string;
  /** How this package was derived (e.g. "matched by product name only"). */
  note?: string;
}

/** Something below the application: the kernel, a system library, a server image. */
export type SystemComponentId = 'linux-kernel' | 'openssl' | 'glibc' | 'musl' | 'openssh' | 'curl' | 'zlib' | 'xz' | 'bash' | 'sudo' | 'nginx' | 'busybox' | 'systemd';

export interface AffectedSystem {
  component: SystemComponentId;
  /** Display name (`Linux kernel`, `OpenSSL`). */
  title: string;
  matcher: VersionMatcher;
  /** The product as the advisory names it (`Linux / Kernel`). */
  named: string;
}

export interface AdvisorySeverity {
  level?: Severity;
  score?: number;
  vector?: string;
  /** CVSS attack vector: N(etwork), A(djacent), L(ocal), P(hysical). */
  attackVector?: 'N' | 'A' | 'L' | 'P';
}

export interface Advisory {
  id: string;
  aliases: string[];
  title: string;
  details: string;
  severity: AdvisorySeverity;
  cwes: string[];
  published?: string;
  modified?: string;
  withdrawn?: string;
  /** CISA KEV listing (known exploited), from a CVE 5 ADP container. */
  kev?: { dateAdded: string };
  /** CISA SSVC decision points, when given. */
  ssvc?: { exploitation?: string; automatable?: string; technicalImpact?: string };
  packages: AffectedPackage[];
  systems: AffectedSystem[];
  /** Products named by the advisory that map to no package or known component. */
  unmapped: string[];
  /** http(s) references only (others are dropped: they are untrusted text). */
  references: string[];
  source: { format: 'osv' | 'cve5' | 'spec' | 'text'; file?: string; input: string };
  /** Quirks met while reading (empty `fixed`, unparseable versions, `lessThan: "log4j-core*"`...). */
  notes: string[];
}

export const SEVERITY_FROM_TEXT: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
};
