// Package advisories against one product: is an affected version present (ecosystem-correct), is
// it imported, is the import on an entry point's request path, are the named functions called?
//   exploitable            affected version + imported by code an entry point reaches (+ the named
//                          functions called, when the advisory names any)
//   affected               affected version + imported, reachability or the call not established
//   present-not-reachable  affected version only declared-and-unused, transitive, or dev-only
//   not-affected           no affected version present
//   unknown                the version or the usage cannot be decided from what the catalog holds
import type { PackageRow, Profile } from '../catalog/query-types.js';
import type { ReachImport } from '../catalog/reach-types.js';
import type { Advisory, AffectedPackage } from './advisory/types.js';
import { byDanger, describeEntry, enabledChain, entryPoints, existingChains, mitigationsInWay, ownersForFile } from './context.js';
import { evaluateDeclaredRange, evaluateVersion, specSet } from './match.js';
import { matchFunctions } from './symbols.js';
import type { IrEvidence, IrFix, IrPackage, ProductVerdict, Verdict } from './types.js';
import { canonicalEcosystem, inSet, schemeFor } from './versions/index.js';

export const VERDICT_RANK: Record<Verdict, number> = { exploitable: 0, affected: 1, unknown: 2, 'present-not-reachable': 3, 'not-affected': 4 };

const SYSTEM_PACKAGE_ECOSYSTEMS = new Set(['debian', 'ubuntu', 'alpine']);
const MAX_EVIDENCE = 25;

export interface PackageMatch {
  key: string;
  row: PackageRow;
  advisories: AffectedPackage[];
}

interface DepJudgement extends IrPackage {
  /** A range (no lockfile) that admits affected versions: the installed version is not known. */
  possible: boolean;
  lockLine: number;
  functions: string[];
}

function judgeDep(advisories: AffectedPackage[], dep: PackageRow['deps'][number]): DepJudgement {
  const [ecosystem, name, version, direct, scope, manifest, component, lockLine] = dep;
  const eco = canonicalEcosystem(ecosystem);
  const base = { ecosystem, name, version, direct: direct === 1, scope: scope || 'prod', manifest, ...(component ? { component } : {}), lockLine, functions: [...new Set(advisories.flatMap((a) => a.functions))] };
  if (version.trim() === '') return { ...base, status: 'unknown', reason: `${name} is installed without a pinned version (${manifest}), so which version runs is not known`, possible: true };
  const scheme = schemeFor(eco);
  if (scheme.valid(version) && !(eco === 'npm' && /[\^~<>=*xX|\s]/.test(version))) {
    const verdicts = advisories.map((a) => evaluateVersion(a.matcher, eco, version));
    const hit = verdicts.find((v) => v.status === 'affected');
    if (hit) {
      // GitHub's "last known affected" can be narrower than the fixed bound (sanitize-html: <= 1.11.1
      // vs fixed 1.11.4). The ranges decide; a version in the gap is flagged, not cleared.
      const gap = advisories.map((a) => a.lastKnownAffected).find((l) => l && specSet(eco, l.replace(/\s+/g, '')) && !inSet(scheme, version, specSet(eco, l.replace(/\s+/g, ''))!));
      const reason = gap ? `${hit.reason}; GitHub lists the last known affected version as ${gap}, so ${version} sits between that and the fix: treated as affected until the maintainers confirm` : hit.reason;
      return { ...base, status: 'affected', reason: `${name} ${reason}`, ...(hit.fixed ? { fixed: hit.fixed } : {}), possible: false };
    }
    const unknown = verdicts.find((v) => v.status === 'unknown');
    if (unknown) return { ...base, status: 'unknown', reason: `${name}: ${unknown.reason}`, possible: false };
    return { ...base, status: 'unaffected', reason: `${name} ${verdicts[0]?.reason ?? `${version} is not affected`}`, possible: false };
  }
  // A declared range rather than a resolved version (a manifest without a lockfile).
  const ranges = advisories.map((a) => evaluateDeclaredRange(a.matcher, eco, version));
  const all = ranges.find((r) => r.status === 'all');
  if (all) return { ...base, status: 'affected', reason: `${name}: ${all.reason}`, ...(all.fixed ? { fixed: all.fixed } : {}), possible: false };
  const some = ranges.find((r) => r.status === 'some');
  if (some) return { ...base, status: 'unknown', reason: `${name}: ${some.reason}`, ...(some.fixed ? { fixed: some.fixed } : {}), possible: true };
  const unknown = ranges.find((r) => r.status === 'unknown');
  if (unknown) return { ...base, status: 'unknown', reason: `${name}: ${unknown.reason}`, possible: false };
  return { ...base, status: 'unaffected', reason: `${name}: ${ranges[0]?.reason ?? 'not affected'}`, possible: false };
}

const isTestFile = (file: string) => /(^|\/)(__tests__|__mocks__|test|tests|spec|e2e|cypress|fixtures?)\/|\.(test|spec)\.[cm]?[jt]sx?$/.test(file);

function blameOf(i: { blame?: { commit: string; author: string; date?: string } }): IrEvidence['blame'] | undefined {
  return i.blame ? { commit: i.blame.commit.slice(0, 12), author: i.blame.author, ...(i.blame.date ? { date: i.blame.date.slice(0, 10) } : {}) } : undefined;
}

function fixFor(dep: DepJudgement, row: PackageRow): IrFix {
  const eco = canonicalEcosystem(dep.ecosystem);
  const decl = row.decls.find((d) => d[3] !== 'dev') ?? row.decls[0];
  const base = { ecosystem: dep.ecosystem, package: dep.name, current: dep.version, ...(dep.fixed ? { fixed: dep.fixed } : {}) };
  if (!dep.fixed) {
    return { ...base, action: `no fixed version of ${dep.name} is published: remove or replace it, or contain it (see mitigations)`, file: decl?.[0] ?? dep.manifest, ...(decl ? { line: decl[1] } : dep.lockLine ? { line: dep.lockLine } : {}) };
  }
  if (eco === 'docker') return { ...base, action: `rebuild from ${dep.name}:${dep.fixed} or later (pin it by digest)`, file: dep.manifest, ...(dep.lockLine ? { line: dep.lockLine } : {}) };
  if (SYSTEM_PACKAGE_ECOSYSTEMS.has(eco)) return { ...base, action: `upgrade the OS package ${dep.name} to ${dep.fixed} or later and rebuild the image`, file: dep.manifest, ...(dep.lockLine ? { line: dep.lockLine } : {}) };
  if (eco === 'npm') {
    if (dep.direct && decl) return { ...base, action: `change "${dep.name}": "${decl[2]}" to "^${dep.fixed}" in ${decl[0]}:${decl[1]}, then reinstall to refresh ${dep.manifest}`, file: decl[0], line: decl[1] };
    const pkgJson = dep.manifest.includes('/') ? `${dep.manifest.slice(0, dep.manifest.lastIndexOf('/'))}/package.json` : 'package.json';
    return { ...base, action: `${dep.name} comes in transitively: update the package that depends on it, or add "overrides": { "${dep.name}": "^${dep.fixed}" } to ${pkgJson} (yarn: "resolutions"; pnpm: "pnpm.overrides")`, file: dep.manifest, ...(dep.lockLine ? { line: dep.lockLine } : {}) };
  }
  if (decl) return { ...base, action: `require ${dep.name} ${dep.fixed} or later in ${decl[0]}:${decl[1]} (now ${decl[2]})`, file: decl[0], line: decl[1] };
  return { ...base, action: `upgrade ${dep.name} to ${dep.fixed} or later${dep.direct ? '' : ' (it comes in transitively: upgrade or override the package that pulls it in)'} in ${dep.manifest}`, file: dep.manifest, ...(dep.lockLine ? { line: dep.lockLine } : {}) };
}

function pushUnique(list: IrEvidence[], e: IrEvidence): void {
  if (list.length >= MAX_EVIDENCE) return;
  if (list.some((x) => x.kind === e.kind && x.file === e.file && x.line === e.line)) return;
  list.push(e);
}

/** Verdict for one product that has at least one row for the advisory's packages. */
export function judgeProduct(profile: Profile, matches: PackageMatch[], advisory: Advisory): ProductVerdict {
  const reasons: string[] = [];
  const evidence: IrEvidence[] = [];
  const fixes: IrFix[] = [];
  const packages: DepJudgement[] = [];
  const reachedEntryIds = new Set<string>();
  const scopeComponents = new Set<string>();
  const files = new Set<string>();
  const owners = new Set<string>();
  let best = 'not-affected' as Verdict;
  let bestPossible = undefined as Verdict | undefined;
  const raise = (v: Verdict, possible: boolean) => {
    if (possible) {
      if (!bestPossible || VERDICT_RANK[v] < VERDICT_RANK[bestPossible]) bestPossible = v;
    } else if (VERDICT_RANK[v] < VERDICT_RANK[best]) best = v;
  };

  for (const match of matches) {
    const wanted = new Set(match.advisories.map((a) => canonicalEcosystem(a.ecosystem)));
    const deps = match.row.deps.filter((d) => wanted.has('*') || wanted.has(canonicalEcosystem(d[0])) || (wanted.has('debian') && canonicalEcosystem(d[0]) === 'ubuntu'));
    const judged = deps.map((d) => judgeDep(match.advisories, d));
    packages.push(...judged);
    const hits = judged.filter((j) => j.status === 'affected' || j.possible);
    if (hits.length === 0) {
      for (const j of judged) {
        reasons.push(j.reason);
        if (j.status === 'unknown') raise('unknown', false);
      }
      continue;
    }
    const possible = hits.every((h) => h.possible);
    const eco = canonicalEcosystem(hits[0].ecosystem);
    const name = hits[0].name;
    const versions = [...new Set(hits.map((h) => h.version || 'unpinned'))].join(', ');
    for (const h of hits) {
      reasons.push(h.reason);
      if (h.component) scopeComponents.add(h.component);
      pushUnique(evidence, { kind: eco === 'docker' ? 'image' : SYSTEM_PACKAGE_ECOSYSTEMS.has(eco) ? 'package' : 'dependency', file: h.manifest, ...(h.lockLine ? { line: h.lockLine } : {}), detail: `${h.name} ${h.version || '(unpinned)'} (${h.direct ? 'direct' : 'transitive'}, ${h.scope})` });
      if (h.status === 'affected' || h.possible) fixes.push(fixFor(h, match.row));
    }
    for (const d of match.row.decls) {
      pushUnique(evidence, { kind: 'manifest', file: d[0], line: d[1], detail: `declares ${name} ${d[2]}${d[3] && d[3] !== 'prod' ? ` (${d[3]})` : ''}`, ...(d[4] ? { blame: { author: d[4], commit: d[5].slice(0, 12) } } : {}) });
      files.add(d[0]);
    }

    // Images and OS packages: present in what runs; there is no import to follow.
    if (eco === 'docker' || SYSTEM_PACKAGE_ECOSYSTEMS.has(eco)) {
      const prod = hits.filter((h) => h.scope !== 'dev');
      if (prod.length === 0) {
        reasons.push(`${name} is only used by a build stage; the final image does not contain it`);
        raise('present-not-reachable', possible);
      } else {
        reasons.push(eco === 'docker' ? `the image ${name}:${versions} is what runs (${prod.map((h) => h.manifest).join(', ')}); whether the flaw is reachable depends on how the service uses it` : `the OS package ${name} is installed in the image built from ${prod.map((h) => h.manifest).join(', ')}`);
        raise('affected', possible);
      }
      for (const h of prod) for (const id of Object.keys(profile.entryPoints)) if (profile.entryPoints[id].component === h.component) reachedEntryIds.add(id);
      for (const h of prod) for (const o of ownersForFile(profile, h.manifest)) owners.add(o);
      continue;
    }

    const functions = [...new Set(hits.flatMap((h) => h.functions))];
    const imports = match.row.imports;
    const prodImports = imports.filter((i) => !isTestFile(i.file));
    const analysed = profile.importsAnalysed.includes(eco);
    for (const i of imports.slice(0, 8)) {
      pushUnique(evidence, { kind: 'import', file: i.file, line: i.line, detail: `imports ${i.module}${i.symbols.length ? ` (uses ${i.symbols.slice(0, 6).join(', ')})` : ''}`, ...(blameOf(i) ? { blame: blameOf(i) } : {}) });
      files.add(i.file);
      if (i.component) scopeComponents.add(i.component);
    }
    const allDev = hits.every((h) => h.scope === 'dev');
    if (!analysed) {
      const direct = hits.some((h) => h.direct);
      reasons.push(`imports of ${eco} packages are not analysed yet, so use of ${name} cannot be confirmed from code`);
      if (allDev) {
        reasons.push(`${name} is only a development dependency`);
        raise('present-not-reachable', possible);
      } else if (direct) {
        reasons.push(`${name} is a direct dependency, so it is assumed to be imported`);
        raise('affected', possible);
      } else {
        reasons.push(`${name} only comes in transitively`);
        raise('present-not-reachable', possible);
      }
      for (const h of hits) for (const o of ownersForFile(profile, h.manifest)) owners.add(o);
      continue;
    }
    if (prodImports.length === 0) {
      const direct = hits.some((h) => h.direct);
      if (imports.length > 0) reasons.push(`${name} is imported only by tests (${imports[0].file}:${imports[0].line})`);
      else if (allDev) reasons.push(`${name} is a development dependency that no code imports`);
      else if (direct) reasons.push(`${name} is declared as a dependency but no code imports it`);
      else reasons.push(`${name} only comes in transitively (through other packages); the product's own code never imports it`);
      raise('present-not-reachable', possible);
      for (const h of hits) for (const o of ownersForFile(profile, h.manifest)) owners.add(o);
      continue;
    }
    const reached = prodImports.filter((i) => i.via !== 'none');
    for (const i of reached.length ? reached : prodImports) for (const o of i.owners.length ? i.owners : ownersForFile(profile, i.file)) owners.add(o);
    const where = (list: ReachImport[]) => list.slice(0, 3).map((i) => `${i.file}:${i.line}`).join(', ');
    if (reached.length === 0) {
      reasons.push(`${name} is imported (${where(prodImports)}) but no entry point was found to reach that code`);
      raise('affected', possible);
      continue;
    }
    for (const i of reached) for (const id of i.reachedBy) reachedEntryIds.add(id);
    const frontendOnly = reached.every((i) => i.via === 'frontend');
    const reachText = frontendOnly ? `bundled into a frontend that users' browsers load (${where(reached)})` : `on the request path of ${reached.flatMap((i) => i.reachedBy).length ? `${new Set(reached.flatMap((i) => i.reachedBy)).size} entry point(s)` : 'the service'} (${where(reached)})`;
    if (functions.length === 0) {
      reasons.push(`${name} is imported ${reachText}; the advisory names no specific function, so any use counts`);
      for (const i of reached.slice(0, 4)) for (const u of i.uses.slice(0, 3)) pushUnique(evidence, { kind: 'call', file: i.file, line: u.line, detail: `uses ${u.symbol === 'default' ? name : u.symbol}` });
      raise('exploitable', possible);
      continue;
    }
    const calling = reached.map((i) => ({ i, m: matchFunctions(functions, i.module, i.symbols) }));
    const called = calling.filter((c) => c.m.called.length > 0);
    if (called.length > 0) {
      const names = [...new Set(called.flatMap((c) => c.m.called))];
      reasons.push(`${name} is imported ${reachText} and the affected function ${names.join(', ')} is used`);
      for (const { i } of called) for (const u of i.uses) if (matchFunctions(functions, i.module, [u.symbol]).called.length) pushUnique(evidence, { kind: 'call', file: i.file, line: u.line, detail: `calls ${u.symbol === 'default' ? name : u.symbol} (${names.join(', ')})` });
      raise('exploitable', possible);
      continue;
    }
    if (calling.some((c) => c.m.escapes)) {
      reasons.push(`${name} is imported ${reachText}; the advisory names ${functions.join(', ')}, and the module is passed around as a value, so a call cannot be ruled out`);
    } else {
      const used = [...new Set(reached.flatMap((i) => i.symbols))].slice(0, 8);
      reasons.push(`${name} is imported ${reachText}, but none of the affected functions (${functions.join(', ')}) is used${used.length ? ` (it uses ${used.join(', ')})` : ''}`);
    }
    raise('affected', possible);
  }

  const entries = entryPoints(profile, reachedEntryIds);
  for (const e of entries.slice(0, 5)) pushUnique(evidence, { kind: 'entry-point', file: e.file ?? '', ...(e.line ? { line: e.line } : {}), detail: describeEntry(e) });
  for (const id of reachedEntryIds) if (profile.entryPoints[id]) scopeComponents.add(profile.entryPoints[id].component);

  let verdict: Verdict = best;
  if (bestPossible && VERDICT_RANK[bestPossible] < VERDICT_RANK[best]) {
    verdict = 'unknown';
    reasons.push(`no lockfile pins the installed version; if an affected version is installed, this product is ${bestPossible}`);
  }
  if (verdict === 'not-affected' && packages.length === 0) reasons.push('no dependency on the affected packages');

  const chains = verdict === 'exploitable' || verdict === 'affected' || (verdict === 'unknown' && bestPossible !== undefined) ? chainsFor(profile, advisory, packages, entries, scopeComponents, files) : [];
  const exposure = entries.some((e) => e.exposure === 'internet') || [...scopeComponents].some((c) => profile.components[c]?.exposure === 'internet') ? 'internet' : entries.length || [...scopeComponents].some((c) => profile.components[c]?.exposure === 'internal') ? 'internal' : 'none';
  const danger = entries[0] ? (entries[0].exposure === 'internet' ? 0 : 1) + (entries[0].auth === 'none' ? 0 : 0.5) : exposure === 'internet' ? 1 : 2;
  return {
    product: profile.name,
    slug: profile.slug,
    verdict,
    reasons: [...new Set(reasons)],
    evidence,
    entryPoints: entries.slice(0, 10),
    chains,
    mitigations: verdict === 'not-affected' ? [] : mitigationsInWay(profile, entries, scopeComponents, advisory),
    owners: owners.size ? [...owners] : profile.owners,
    fix: dedupeFixes(fixes),
    packages: packages.map(({ possible: _p, lockLine: _l, functions: _f, ...p }) => p),
    exposure,
    components: [...scopeComponents].map((c) => profile.components[c]?.name ?? c).filter((v, i, a) => a.indexOf(v) === i).sort(),
    version: profile.version,
    ...(profile.commit ? { commit: profile.commit } : {}),
    priority: VERDICT_RANK[verdict] * 10 + danger,
  };
}

function chainsFor(profile: Profile, advisory: Advisory, packages: DepJudgement[], entries: ProductVerdict['entryPoints'], components: Set<string>, files: Set<string>): ProductVerdict['chains'] {
  const affected = packages.find((p) => p.status === 'affected' || p.possible);
  const label = affected ? `${affected.name} ${affected.version}` : advisory.id;
  const component = affected?.component && profile.components[affected.component] ? affected.component : [...components].find((c) => ['service', 'function', 'frontend'].includes(profile.components[c]?.kind ?? ''));
  const enabled = enabledChain(profile, advisory, label, component, [...entries].sort(byDanger)[0]);
  const existing = existingChains(profile, components, files, new Set(entries.map((e) => e.label)));
  return [...(enabled ? [enabled] : []), ...existing];
}

function dedupeFixes(fixes: IrFix[]): IrFix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => {
    const key = `${f.ecosystem}\u0000${f.package}\u0000${f.current}\u0000${f.file ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
