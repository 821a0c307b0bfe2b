import { posix } from 'node:path';
import type { FactInput, ProjectFact } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { isPomPath } from '../../deps/maven/index.js';
import { POM_PARSER, readPom, type Pom } from '../../deps/maven/pom.js';
import type { Extractor } from '../../types.js';

/** Dependencies (artifactId or group prefix) that make a JVM project a web service, and the tech they name. */
const FRAMEWORKS: [RegExp, string][] = [
  [/:spring-boot-starter-webflux$/, 'spring-webflux'],
  [/:spring-boot-starter-web(?:mvc)?$|:spring-webmvc$/, 'spring-mvc'],
  [/:spring-boot-starter-thymeleaf$/, 'thymeleaf'],
  [/:spring-boot-starter-security$|:spring-security-web$/, 'spring-security'],
  [/:spring-boot-starter-actuator$/, 'spring-boot-actuator'],
  [/:spring-boot-starter-data-jpa$|^org\.hibernate/, 'jpa'],
  [/^io\.quarkus:quarkus-resteasy|^io\.quarkus:quarkus-rest/, 'quarkus'],
  [/^io\.micronaut:micronaut-http-server/, 'micronaut'],
  [/^org\.glassfish\.jersey|^jakarta\.ws\.rs:|^javax\.ws\.rs:|^org\.jboss\.resteasy/, 'jax-rs'],
  [/^io\.ktor:ktor-server/, 'ktor'],
  [/^io\.grpc:grpc-(?:netty|stub|server)/, 'grpc'],
  [/^io\.jsonwebtoken:|^com\.auth0:java-jwt|^com\.nimbusds:nimbus-jose-jwt/, 'jwt'],
];
const SERVICE = new Set(['spring-webflux', 'spring-mvc', 'quarkus', 'micronaut', 'jax-rs', 'ktor', 'grpc']);

function project(file: string, name: string, language: string, ecosystem: string, deps: string[], packaging: string | undefined, line: number): FactInput {
  const frameworks = [...new Set(deps.flatMap((d) => FRAMEWORKS.filter(([re]) => re.test(d)).map(([, f]) => f)))].sort();
  const role: ProjectFact['role'] = packaging === 'pom' ? 'library' : frameworks.some((f) => SERVICE.has(f)) || packaging === 'war' ? 'service' : 'library';
  return { kind: 'project', name, root: posix.dirname(file), language, ecosystem, frameworks, role, evidence: { file, line }, key: `${file}#project` };
}

const SETTINGS_GRADLE = /(?:^|\/)settings\.gradle(?:\.kts)?$/;

/**
 * `rootProject.name = 'shop'` in settings.gradle(.kts): a name-only project fact (role `unknown`)
 * for the folder, since build.gradle declares no name; the model builder names the folder's
 * service after it.
 */
function settingsName(file: string, content: string): FactInput[] | null {
  const m = /^\s*rootProject\.name\s*=\s*["']([^"'$]+)["']/m.exec(content);
  if (!m) return null;
  const line = content.slice(0, m.index + m[0].indexOf('rootProject')).split('\n').length;
  return [{ kind: 'project', name: m[1].trim(), root: posix.dirname(file), language: 'java', ecosystem: 'gradle', frameworks: [], role: 'unknown', evidence: { file, line }, key: `${file}#project-name` }];
}

export const extractor: Extractor = {
  id: 'java/project',
  title: 'JVM projects from pom.xml and build.gradle(.kts): name, language, frameworks, role',
  matches: (path) => isPomPath(path) || (/(?:^|\/)(?:build|settings)\.gradle(?:\.kts)?$/.test(path) && !/(?:^|\/)(?:build|buildSrc)\//.test(path)),
  extract(file, ctx) {
    if (SETTINGS_GRADLE.test(file.path)) return settingsName(file.path, file.content);
    if (isPomPath(file.path)) {
      let pom: Pom;
      try {
        pom = ctx.parse(POM_PARSER, () => readPom(file.content));
      } catch (error) {
        ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `pom.xml could not be read: ${messageOf(error)}` });
        return null;
      }
      const deps = pom.dependencies.map((d) => `${d.groupId}:${d.artifactId}`);
      const language = pom.plugins.includes('kotlin-maven-plugin') || deps.some((d) => d.startsWith('org.jetbrains.kotlin:')) ? 'kotlin' : 'java';
      const packaging = pom.plugins.includes('spring-boot-maven-plugin') && pom.packaging !== 'pom' ? 'jar' : pom.packaging;
      return [project(file.path, pom.artifactId ?? posix.basename(posix.dirname(file.path)), language, 'maven', deps, packaging, pom.artifactLine)];
    }
    const deps = [...file.content.matchAll(/["']([\w.-]+:[\w.-]+)(?::[^"']*)?["']/g)].map((m) => m[1]);
    const plugins: string[] = file.content.match(/org\.springframework\.boot|io\.quarkus|io\.micronaut\.application|io\.ktor\.plugin|\bapplication\b|\bwar\b/g) ?? [];
    const kotlin = file.path.endsWith('.kts') && /kotlin\(|org\.jetbrains\.kotlin/.test(file.content);
    const folder = posix.dirname(file.path);
    const fact = project(file.path, folder === '.' ? 'root' : posix.basename(folder), kotlin ? 'kotlin' : 'java', 'gradle', deps, plugins.includes('war') ? 'war' : undefined, 1);
    if (fact.kind === 'project' && fact.role === 'library' && plugins.some((p) => p !== 'war' && p !== 'application') && fact.frameworks.length > 0) fact.role = 'service';
    return [fact];
  },
};
