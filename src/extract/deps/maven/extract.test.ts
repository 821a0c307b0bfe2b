import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { dependencies, summary } from '../_lib/testing.js';
import { extractor } from './index.js';
import { parseXml } from './xml.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('multi-module: parent properties, dependencyManagement and project.version are resolved', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'pom.xml': fixture('multi/pom.xml'), 'api/pom.xml': fixture('multi/api/pom.xml') });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts, 'api/pom.xml'), [
    'com.example.shop:shop-model@1.4.0-SNAPSHOT direct prod',
    'io.jsonwebtoken:jjwt-api@0.11.5 direct prod',
    'org.apache.commons:commons-text@1.9 direct prod',
    'org.apache.logging.log4j:log4j-core@2.14.1 direct prod',
    'org.postgresql:postgresql@42.7.1 direct optional',
    // Managed by spring-boot-starter-parent, which is not in the repository: unknown, never guessed.
    'org.springframework.boot:spring-boot-starter-test@ direct dev',
    'org.springframework.boot:spring-boot-starter-web@ direct prod',
  ]);
  const log4j = dependencies(facts).find((d) => d.name.endsWith('log4j-core'));
  assert.equal(log4j?.purl, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
  assert.equal(log4j?.evidence.line, 21);
  assert.deepEqual(linkFacts(facts, [extractor]), facts);
});

test('a pom alone keeps what it can resolve; broken XML is a diagnostic', () => {
  const { facts } = runExtractor(extractor, { 'api/pom.xml': fixture('multi/api/pom.xml') });
  assert.ok(summary(facts).includes('io.jsonwebtoken:jjwt-api@ direct prod'));
  const broken = runExtractor(extractor, { 'pom.xml': '<project' });
  assert.equal(broken.diagnostics[0]?.code, 'parse-error');
});

test('xml reader: entities, CDATA, comments, DOCTYPE, lines', () => {
  const root = parseXml('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<a k="1 &gt; 0">\n <!-- <b/> -->\n <b>&e;&amp;<![CDATA[<raw>]]></b>\n</a>');
  assert.equal(root.attrs.k, '1 > 0');
  assert.equal(root.children.length, 1);
  assert.equal(root.children[0].text, '&e;&<raw>');
  assert.equal(root.children[0].line, 5);
});
