// Dependency declarations in build.gradle (Groovy) and build.gradle.kts (Kotlin), read line by
// line: the declaration forms are few and regular, and a Groovy/Kotlin parser would cost more than
// the whole rest of the extraction for these files.

export interface GradleDeclaration {
  configuration: string;
  /** `group:artifact`, or `catalog:libs.a.b` for a version-catalog accessor. */
  name: string;
  /** As written (may hold `$var`), empty when a platform/BOM or plugin manages it. */
  version: string;
  line: number;
  snippet: string;
}

const CONFIG = String.raw`(?<conf>[a-z][A-Za-z]*(?:Implementation|Api|CompileOnly|RuntimeOnly|Compile|Runtime)|implementation|api|compile|compileOnly|runtimeOnly|runtime|annotationProcessor|kapt|ksp|developmentOnly|compileOnlyApi|testFixturesApi|testFixturesImplementation)`;
// implementation 'g:a:v' | implementation("g:a:v") | implementation(kotlin("stdlib"))
const STRING_FORM = new RegExp(String.raw`^\s*${CONFIG}\s*\(?\s*(?:platform\s*\(|enforcedPlatform\s*\()?\s*(?<q>["'])(?<coord>[^"'\s]+)\k<q>`);
// implementation group: 'g', name: 'a', version: 'v' | implementation(group = "g", name = "a", version = "v")
const MAP_FORM = new RegExp(String.raw`^\s*${CONFIG}\s*\(?\s*group\s*[:=]\s*["'](?<g>[^"']+)["']\s*,\s*name\s*[:=]\s*["'](?<a>[^"']+)["'](?:\s*,\s*version\s*[:=]\s*["'](?<v>[^"']+)["'])?`);
// implementation(libs.spring.boot.web) | implementation libs.foo
const CATALOG_FORM = new RegExp(String.raw`^\s*${CONFIG}\s*\(?\s*(?<ref>libs(?:\.[A-Za-z0-9_]+)+)\s*\)?\s*(?:\{|$|//)`);
const PLATFORM = /\b(?:enforced)?[pP]latform\s*\(/;

const TEST_CONFIG = /^(?:test|androidTest|testFixtures|integrationTest|intTest|functionalTest)/;
const DEV_CONFIG = /^(?:developmentOnly|annotationProcessor|kapt|ksp|compileOnly|testFixtures)/;

export function scopeOfConfiguration(configuration: string): 'dev' | 'prod' {
  return TEST_CONFIG.test(configuration) || DEV_CONFIG.test(configuration) ? 'dev' : 'prod';
}

/** Simple variables a build file defines: `ext.x = '1'`, `ext { x = '1' }`, `val x = "1"`, `def x = '1'`, `extra["x"] = "1"`, `set("x", "1")`. */
export function buildVariables(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const forms = [
    /^\s*(?:ext\.|(?:val|var|def)\s+)?([A-Za-z_][\w.]*)\s*(?::\s*String)?\s*=\s*["']([^"'$]+)["']\s*$/gm,
    /\bextra\[\s*"([\w.]+)"\s*\]\s*=\s*"([^"$]+)"/g,
    /\bset\(\s*["']([\w.]+)["']\s*,\s*["']([^"'$]+)["']\s*\)/g,
  ];
  for (const re of forms) for (const m of text.matchAll(re)) vars[m[1].replace(/^ext\./, '')] = m[2];
  return vars;
}

export function readBuildFile(text: string): GradleDeclaration[] {
  const out: GradleDeclaration[] = [];
  const lines = text.split('\n');
  let inBlockComment = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (inBlockComment) {
      const end = line.indexOf('*/');
      if (end === -1) continue;
      line = line.slice(end + 2);
      inBlockComment = false;
    }
    if (line.includes('/*') && !line.includes('*/')) inBlockComment = true;
    if (/^\s*\/\//.test(line)) continue;
    const snippet = line.trim();
    // `${property("x")}`, `${project.property("x")}`, `${rootProject.extra["x"]}` → `${x}`.
    line = line.replace(/\$\{\s*(?:(?:root)?[pP]roject\.)?(?:property\(\s*"([\w.]+)"\s*\)|extra\[\s*"([\w.]+)"\s*\])\s*\}/g, (_, a: string, b: string) => `\${${a ?? b}}`);
    const map = MAP_FORM.exec(line);
    if (map?.groups) {
      out.push({ configuration: map.groups.conf, name: `${map.groups.g}:${map.groups.a}`, version: map.groups.v ?? '', line: i + 1, snippet });
      continue;
    }
    const str = STRING_FORM.exec(line);
    if (str?.groups) {
      if (PLATFORM.test(line)) continue;
      const parts = str.groups.coord.split('@')[0].split(':');
      if (parts.length < 2 || !parts[0] || !parts[1]) continue;
      out.push({ configuration: str.groups.conf, name: `${parts[0]}:${parts[1]}`, version: parts[2] ?? '', line: i + 1, snippet });
      continue;
    }
    const cat = CATALOG_FORM.exec(line);
    if (cat?.groups && !cat.groups.ref.startsWith('libs.plugins.') && !cat.groups.ref.startsWith('libs.versions.') && !cat.groups.ref.startsWith('libs.bundles.')) {
      out.push({ configuration: cat.groups.conf, name: `catalog:${cat.groups.ref}`, version: '', line: i + 1, snippet });
    }
  }
  return out;
}

/** `$name` / `${name}` / `${property("name")}` references in a declared version. */
export function interpolateGradle(version: string, lookup: (name: string) => string | undefined): string {
  return version.replace(/\$\{?([A-Za-z_][\w.]*)\}?/g, (whole, name: string) => lookup(name) ?? whole);
}
