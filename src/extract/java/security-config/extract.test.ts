import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { AuthFact, ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('JWT libraries: decode without verify, unsigned parsing, literal keys', () => {
  const { facts } = runExtractor(extractor, { 'src/main/java/TokenFilter.java': fixture('TokenFilter.java') });
  const auth = facts.filter((f): f is AuthFact => f.kind === 'auth');
  assert.deepEqual(
    auth.map((a) => `${a.evidence.line} ${a.library} ${JSON.stringify(a.details)}`),
    [
      '10 jjwt {"operation":"verify","none":true,"reason":"parses unsigned tokens"}',
      '11 jjwt {"operation":"verify","secretOrigin":"literal"}',
      '9 java-jwt {"operation":"decode","verified":false,"verifiedNearby":false,"inRequestPath":true}',
    ],
  );
});

test('XML factories without hardening; hardened ones say so', () => {
  const { facts } = runExtractor(extractor, { 'src/main/java/XmlImporter.java': fixture('XmlImporter.java') });
  const xml = facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'xml-parser');
  assert.deepEqual(xml?.values, { library: 'DocumentBuilderFactory', hardened: false });
  assert.equal(xml?.evidence.line, 7);
  const hardened = fixture('XmlImporter.java').replace('dbf.newDocumentBuilder()', 'dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    return dbf.newDocumentBuilder()');
  const again = runExtractor(extractor, { 'src/main/java/XmlImporter.java': hardened });
  assert.equal(again.facts.find((f): f is ConfigFact => f.kind === 'config')?.values.hardened, true);
});

test('Spring Boot settings: actuator exposure and stack traces in error pages', () => {
  const { facts } = runExtractor(extractor, { 'src/main/resources/application.yml': fixture('application.yml') });
  const actuator = facts.find((f): f is ConfigFact => f.kind === 'config' && f.setting === 'spring-actuator');
  assert.equal(actuator?.values.exposeAll, true);
  assert.equal(actuator?.evidence.line, 8);
  assert.ok(facts.some((f) => f.kind === 'config' && f.setting === 'error-handler' && f.values.exposesStack === true));
  const props = runExtractor(extractor, { 'src/main/resources/application.properties': 'management.endpoints.web.exposure.include=health,info\n' });
  assert.equal(props.facts.find((f): f is ConfigFact => f.kind === 'config')?.values.exposeAll, false);
});
