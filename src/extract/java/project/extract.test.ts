import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ProjectFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const pom = (name: string) => readFileSync(new URL(`../../deps/maven/fixtures/${name}`, import.meta.url), 'utf8');
const projects = (files: Record<string, string>) => runExtractor(extractor, files).facts.filter((f): f is ProjectFact => f.kind === 'project');

test('Maven: an aggregator pom is a library, a Spring Boot web module a service', () => {
  const found = projects({ 'pom.xml': pom('multi/pom.xml'), 'api/pom.xml': pom('multi/api/pom.xml') });
  assert.deepEqual(found.map((p) => `${p.root} ${p.name} ${p.role} ${p.language} ${p.frameworks.join(',')}`), ['. shop-parent library java ', 'api shop-api service java jwt,spring-mvc']);
});

test('Gradle: the Spring Boot plugin with web starters makes a service', () => {
  const [p] = projects({ 'orders/build.gradle.kts': 'plugins { id("org.springframework.boot") version "3.2.1"; kotlin("jvm") }\ndependencies { implementation("org.springframework.boot:spring-boot-starter-webflux") }\n' });
  assert.deepEqual([p.name, p.role, p.language, p.frameworks], ['orders', 'service', 'kotlin', ['spring-webflux']]);
});

test('Gradle: settings.gradle rootProject.name is a name-only project fact for its folder', () => {
  const found = projects({ 'settings.gradle': "// comment\nrootProject.name = 'shop-app'\n", 'build.gradle': "plugins { id 'org.springframework.boot' version '3.2.1' }\ndependencies { implementation 'org.springframework.boot:spring-boot-starter-web' }\n" });
  const named = found.find((p) => p.evidence.file === 'settings.gradle');
  assert.deepEqual([named?.name, named?.root, named?.role, named?.evidence.line], ['shop-app', '.', 'unknown', 2]);
  assert.equal(found.find((p) => p.evidence.file === 'build.gradle')?.role, 'service');
});
