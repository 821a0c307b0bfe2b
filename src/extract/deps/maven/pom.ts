// Reads one pom.xml into what the dependency and project extractors need: coordinates, parent,
// properties, managed versions, declared dependencies (with the line of each), modules, plugins.
import { child, childText, children, parseXml, type XmlElement } from './xml.js';

export interface PomDependency {
  groupId: string;
  artifactId: string;
  /** As written (may hold `${...}`), empty when managed elsewhere. */
  version: string;
  scope: string;
  optional: boolean;
  line: number;
}

export interface Pom {
  groupId?: string;
  artifactId?: string;
  version?: string;
  packaging?: string;
  name?: string;
  parent?: { groupId?: string; artifactId?: string; version?: string; relativePath: string };
  properties: Record<string, string>;
  /** `groupId:artifactId` → version as written, from dependencyManagement (BOM imports excluded). */
  managed: Record<string, string>;
  dependencies: PomDependency[];
  modules: string[];
  plugins: string[];
  line: number;
  artifactLine: number;
}

function dependencyOf(el: XmlElement): PomDependency | undefined {
  const groupId = childText(el, 'groupId');
  const artifactId = childText(el, 'artifactId');
  if (!groupId || !artifactId) return undefined;
  return {
    groupId,
    artifactId,
    version: childText(el, 'version') ?? '',
    scope: childText(el, 'scope') ?? 'compile',
    optional: childText(el, 'optional') === 'true',
    line: el.line,
  };
}

export function readPom(text: string): Pom {
  const project = parseXml(text);
  if (project.name !== 'project') throw new Error(`root element is <${project.name}>, not <project>`);
  const parentEl = child(project, 'parent');
  const properties: Record<string, string> = {};
  for (const p of child(project, 'properties')?.children ?? []) properties[p.name] = p.text;
  const managed: Record<string, string> = {};
  for (const d of children(child(child(project, 'dependencyManagement'), 'dependencies'), 'dependency')) {
    const dep = dependencyOf(d);
    if (dep && dep.scope !== 'import' && dep.version) managed[`${dep.groupId}:${dep.artifactId}`] = dep.version;
  }
  const dependencies: PomDependency[] = [];
  for (const d of children(child(project, 'dependencies'), 'dependency')) {
    const dep = dependencyOf(d);
    if (dep) dependencies.push(dep);
  }
  const plugins = children(child(child(project, 'build'), 'plugins'), 'plugin')
    .map((p) => childText(p, 'artifactId'))
    .filter((a): a is string => !!a);
  return {
    groupId: childText(project, 'groupId') ?? childText(parentEl, 'groupId'),
    artifactId: childText(project, 'artifactId'),
    version: childText(project, 'version') ?? childText(parentEl, 'version'),
    packaging: childText(project, 'packaging'),
    name: childText(project, 'name'),
    parent: parentEl
      ? {
          groupId: childText(parentEl, 'groupId'),
          artifactId: childText(parentEl, 'artifactId'),
          version: childText(parentEl, 'version'),
          relativePath: childText(parentEl, 'relativePath') ?? '../pom.xml',
        }
      : undefined,
    properties,
    managed,
    dependencies,
    modules: children(child(project, 'modules'), 'module').map((m) => m.text).filter(Boolean),
    plugins,
    line: project.line,
    artifactLine: child(project, 'artifactId')?.line ?? project.line,
  };
}

/** Built-in properties a pom may reference about itself. */
export function builtinProperties(pom: Pom): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => {
    if (value) out[key] = value;
  };
  set('project.version', pom.version);
  set('project.groupId', pom.groupId);
  set('project.artifactId', pom.artifactId);
  set('pom.version', pom.version);
  set('version', pom.version);
  set('project.parent.version', pom.parent?.version);
  set('project.parent.groupId', pom.parent?.groupId);
  return out;
}

/** Replaces `${name}` references, repeatedly (properties may use properties), up to a fixed depth. */
export function interpolate(value: string, lookup: (name: string) => string | undefined): string {
  let current = value;
  for (let depth = 0; depth < 8 && current.includes('${'); depth++) {
    const next = current.replace(/\$\{([^}]+)\}/g, (whole, name: string) => lookup(name.trim()) ?? whole);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Path of the pom file the shared parse cache uses, so both Maven extractors parse a pom once. */
export const POM_PARSER = 'maven-pom';
