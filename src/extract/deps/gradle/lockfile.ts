// gradle.lockfile (Gradle 6.8+ single-file locking) and the older per-configuration
// gradle/dependency-locks/<configuration>.lockfile: one `group:artifact:version[=configurations]`
// line per resolved module.

export interface LockedModule {
  name: string;
  version: string;
  line: number;
  configurations: string[];
}

export function readGradleLockfile(text: string, fileConfiguration?: string): LockedModule[] {
  const out: LockedModule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#') || line.startsWith('empty=')) continue;
    const [coord, confs] = line.split('=', 2);
    const parts = coord.split(':');
    if (parts.length < 3 || !parts.slice(0, 3).every((x) => /^[\w.+-]+$/.test(x))) continue;
    const configurations = confs ? confs.split(',').map((c) => c.trim()).filter(Boolean) : fileConfiguration ? [fileConfiguration] : [];
    out.push({ name: `${parts[0]}:${parts[1]}`, version: parts[2], line: i + 1, configurations });
  }
  return out;
}

/** A locked module needed only by test/tooling classpaths is a development dependency. */
export function lockedScope(configurations: string[]): 'dev' | 'prod' | undefined {
  if (configurations.length === 0) return undefined;
  return configurations.every((c) => /^(?:test|androidTest|testFixtures|integrationTest|annotationProcessor|kapt|ksp|developmentOnly|compileOnly|detekt|ktlint|jacoco|spotbugs|checkstyle|pmd)/i.test(c)) ? 'dev' : 'prod';
}
