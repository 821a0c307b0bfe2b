import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { dependencies, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('Groovy declarations: string, map and variable forms; test and tooling scopes', () => {
  const { facts } = runExtractor(extractor, { 'build.gradle': fixture('legacy.build.gradle') });
  assert.deepEqual(summary(facts), [
    'commons-io:commons-io@ direct prod',
    'junit:junit@4.13.2 direct dev',
    'org.apache.commons:commons-lang3@3.12.0 direct prod',
    'org.projectlombok:lombok@1.18.30 direct dev',
    'org.springframework.boot:spring-boot-starter-security@ direct prod',
    'org.springframework:spring-webmvc@5.3.20 direct prod',
  ]);
  const webmvc = dependencies(facts).find((d) => d.name.endsWith('spring-webmvc'));
  assert.deepEqual(webmvc?.evidence, { file: 'build.gradle', line: 7, snippet: 'compile "org.springframework:spring-webmvc:$springVersion"' });
});

test('Kotlin DSL with a version catalog, gradle.properties and a lockfile', () => {
  const files = {
    'gradle/libs.versions.toml': fixture('app/gradle/libs.versions.toml'),
    'gradle.properties': fixture('app/gradle.properties'),
    'service/build.gradle.kts': fixture('app/service/build.gradle.kts'),
    'service/gradle.lockfile': fixture('app/service/gradle.lockfile'),
  };
  const { facts } = runExtractor(extractor, files);
  // Declarations the lockfile resolves are reported once, from the lockfile, as direct.
  assert.deepEqual(summary(facts, 'service/gradle.lockfile'), [
    'com.fasterxml.jackson.core:jackson-databind@2.15.3 direct prod',
    'com.google.guava:failureaccess@1.0.1 transitive prod',
    'com.google.guava:guava@32.1.3-jre direct prod',
    'org.junit.jupiter:junit-jupiter@5.10.1 direct dev',
  ]);
  assert.deepEqual(summary(facts, 'service/build.gradle.kts'), [
    'com.squareup.okhttp3:okhttp@4.12.0 direct prod',
    'org.postgresql:postgresql@42.7.1 direct prod',
    'org.springframework.boot:spring-boot-starter-web@3.2.1 direct prod',
    'org.yaml:snakeyaml@1.33 direct prod',
  ]);
  const web = dependencies(facts).find((d) => d.name.endsWith('starter-web'));
  assert.equal(web?.evidence.line, 8);
  assert.equal(web?.purl, 'pkg:maven/org.springframework.boot/spring-boot-starter-web@3.2.1');
  assert.deepEqual(linkFacts(facts, [extractor]), facts);
});
