// Package specs typed by a responder before any advisory exists: `npm:minimist@<1.2.6`,
// `pypi:django@>=3.2,<3.2.14`, `maven:org.apache.logging.log4j:log4j-core@[2.0,2.15.0)`,
// `go:golang.org/x/net@<0.17.0`, `gem:rack@~> 2.2`, `npm:@scope/pkg` (every version), and purls
// (`pkg:npm/lodash@4.17.15` = that version). `#a,b` names the affected functions.
import { InputError } from '../../util/errors.js';
import { specSet } from '../match.js';
import { canonicalEcosystem, normalizePackageName, schemeFor } from '../versions/index.js';
import type { Advisory, AffectedPackage } from './types.js';

const SPEC_ECOSYSTEMS = new Set(['npm', 'pypi', 'go', 'maven', 'nuget', 'rubygems', 'cargo', 'packagist', 'debian', 'ubuntu', 'alpine', 'docker']);

export function looksLikeSpec(input: string): boolean {
  const m = /^([a-z.]+):(?!\/\/)(\S.*)$/i.exec(input.trim());
  return (!!m && SPEC_ECOSYSTEMS.has(canonicalEcosystem(m[1])) && m[1].toLowerCase() !== 'pkg') || /^pkg:[a-z]+\//i.test(input.trim());
}

function splitNameAndRange(rest: string): [string, string | undefined] {
  // The range starts at the first `@` that is not the scope marker of an npm name.
  const at = rest.indexOf('@', rest.startsWith('@') ? 1 : 0);
  return at === -1 ? [rest, undefined] : [rest.slice(0, at), rest.slice(at + 1)];
}

function fromPurl(input: string): { ecosystem: string; name: string; range?: string } {
  const m = /^pkg:([a-z]+)\/([^?#]+?)(?:@([^?#]+))?(?:[?#].*)?$/i.exec(input.trim());
  if (!m) throw new InputError(input, 'is not a package URL (pkg:type/namespace/name@version)');
  const type = m[1].toLowerCase();
  const path = decodeURIComponent(m[2]);
  const name = type === 'maven' ? path.replace('/', ':') : path;
  return { ecosystem: canonicalEcosystem(type), name, ...(m[3] ? { range: `=${decodeURIComponent(m[3])}` } : {}) };
}

export function parsePackageSpec(input: string, symbols: string[] = []): Advisory {
  const text = input.trim();
  const hash = text.indexOf('#');
  const body = hash === -1 ? text : text.slice(0, hash);
  const functions = [...symbols, ...(hash === -1 ? [] : text.slice(hash + 1).split(',').map((s) => s.trim()).filter(Boolean))];
  let ecosystem: string;
  let name: string;
  let range: string | undefined;
  if (/^pkg:/i.test(body)) ({ ecosystem, name, range } = fromPurl(body));
  else {
    const colon = body.indexOf(':');
    ecosystem = canonicalEcosystem(body.slice(0, colon));
    [name, range] = splitNameAndRange(body.slice(colon + 1).trim());
  }
  name = name.trim();
  if (!SPEC_ECOSYSTEMS.has(ecosystem)) throw new InputError(input, `unknown ecosystem "${ecosystem}" (use one of ${[...SPEC_ECOSYSTEMS].join(', ')})`);
  if (!name || name.length > 300 || /\s/.test(name)) throw new InputError(input, 'names no valid package');
  if (ecosystem === 'maven' && !/^[^:]+:[^:]+$/.test(name)) throw new InputError(input, 'a Maven package is groupId:artifactId');
  const trimmedRange = range?.trim();
  if (trimmedRange && !specSet(ecosystem, trimmedRange)) {
    throw new InputError(input, `"${trimmedRange}" is not a ${schemeFor(ecosystem).id} version range (examples: <1.2.6, >=1.0.0 <1.2.6, ^1.2.0)`);
  }
  const pkg: AffectedPackage = {
    ecosystem,
    rawEcosystem: ecosystem,
    name,
    matcher: trimmedRange ? { kind: 'spec', spec: trimmedRange } : { kind: 'all' },
    functions,
  };
  const display = `${ecosystem}:${normalizePackageName(ecosystem, name)}${trimmedRange ? `@${trimmedRange}` : ''}`;
  return {
    id: display,
    aliases: [],
    title: `${name} ${trimmedRange ?? '(every version)'}`,
    details: '',
    severity: {},
    cwes: [],
    packages: [pkg],
    systems: [],
    unmapped: [],
    references: [],
    source: { format: 'spec', input },
    notes: trimmedRange ? [] : ['no version range was given: every version is treated as affected'],
  };
}
