import type { AuthFact, FactInput } from '../../../model/types.js';
import type { Extractor, SourceFile } from '../../types.js';
import type { Method } from '../_lib/annotations.js';
import { jvmFile, jvmLanguage, type JvmFile } from '../_lib/files.js';
import { isDevProfile, isSpringConfigPath, readProperties, readYamlSettings } from '../_lib/properties.js';
import { XML_HARDENING } from '../_lib/taint-lang.js';
import { blankComments, lineAt } from '../_lib/text.js';

const XML_FACTORIES: [RegExp, string][] = [
  [/\bDocumentBuilderFactory\s*\.\s*newInstance\s*\(/g, 'DocumentBuilderFactory'],
  [/\bSAXParserFactory\s*\.\s*newInstance\s*\(/g, 'SAXParserFactory'],
  [/\bXMLInputFactory\s*\.\s*new(?:Instance|Factory)\s*\(/g, 'XMLInputFactory'],
  [/\bTransformerFactory\s*\.\s*newInstance\s*\(/g, 'TransformerFactory'],
  [/\bSchemaFactory\s*\.\s*newInstance\s*\(/g, 'SchemaFactory'],
  [/\bXMLReaderFactory\s*\.\s*createXMLReader\s*\(/g, 'XMLReaderFactory'],
  [/\bnew\s+SAXReader\s*\(/g, 'SAXReader'],
  [/\bnew\s+SAXBuilder\s*\(/g, 'SAXBuilder'],
];

/** Classes whose methods run for every request: filters and interceptors. */
const REQUEST_PATH_TYPES = /Filter$|Interceptor$|HandlerInterceptor|GenericFilterBean|OncePerRequestFilter|AuthenticationProvider|Converter$/;

function enclosing(jvm: JvmFile, line: number): { method?: Method; requestPath: boolean } {
  for (const cls of jvm.classes) {
    for (const m of cls.methods) {
      const r = m.node.range();
      if (line < r.start.line + 1 || line > r.end.line + 1) continue;
      const handler = m.annotations.some((a) => /Mapping$|^(?:GET|POST|PUT|DELETE|PATCH)$/.test(a.name));
      const request = m.params.some((p) => /Request$/.test(p.type));
      return { method: m, requestPath: handler || request || cls.supertypes.some((t) => REQUEST_PATH_TYPES.test(t)) || /Filter|Interceptor|Jwt|Token|Auth/.test(cls.name) };
    }
  }
  return { requestPath: false };
}

function jwtFacts(file: SourceFile, jvm: JvmFile, text: string): FactInput[] {
  const facts: FactInput[] = [];
  const at = (index: number) => jvm.lines.evidence(file.path, lineAt(text, index));
  const push = (index: number, library: string, details: AuthFact['details'], name: string) =>
    facts.push({ kind: 'auth', mechanism: 'jwt', library, role: 'token-verify', details, evidence: at(index), key: `${file.path}#jwt:${library}:${name}` });

  // jjwt: each parser chain up to its statement end.
  for (const m of text.matchAll(/\bJwts\s*\.\s*parser(?:Builder)?\s*\(\s*\)[^;]*/g)) {
    const chain = m[0];
    const keyed = /\.(?:setSigningKey|verifyWith|setSigningKeyResolver|keyLocator|decryptWith)\s*\(/.test(chain);
    const unsigned = /\.(?:parseClaimsJwt|parsePlaintextJwt|parseUnsecuredClaims|parseUnsecuredContent)\s*\(|\.unsecured\s*\(\s*\)/.test(chain);
    const literal = /\.setSigningKey\s*\(\s*"/.test(chain) || /hmacShaKeyFor\s*\(\s*"/.test(chain);
    if (unsigned || (!keyed && /\.parse\s*\(/.test(chain))) push(m.index ?? 0, 'jjwt', { operation: 'verify', none: true, reason: unsigned ? 'parses unsigned tokens' : 'parser without a signing key accepts unsigned tokens' }, 'parser');
    else if (literal) push(m.index ?? 0, 'jjwt', { operation: 'verify', secretOrigin: 'literal' }, 'key');
  }
  for (const m of text.matchAll(/\bsignWith\s*\((?:\s*SignatureAlgorithm\.\w+\s*,)?\s*"[^"]*"/g)) push(m.index ?? 0, 'jjwt', { operation: 'sign', secretOrigin: 'literal' }, 'sign');
  // auth0 java-jwt
  const verifies = /\bJWT\s*\.\s*require\s*\(|\.verify\s*\(/.test(text);
  for (const m of text.matchAll(/\bJWT\s*\.\s*decode\s*\(/g)) {
    const where = enclosing(jvm, lineAt(text, m.index ?? 0));
    push(m.index ?? 0, 'java-jwt', { operation: 'decode', verified: false, verifiedNearby: verifies, inRequestPath: where.requestPath }, `decode:${where.method?.name ?? ''}`);
  }
  for (const m of text.matchAll(/\bAlgorithm\s*\.\s*(?:HMAC256|HMAC384|HMAC512)\s*\(\s*"/g)) push(m.index ?? 0, 'java-jwt', { operation: 'sign', secretOrigin: 'literal' }, 'hmac');
  for (const m of text.matchAll(/\bAlgorithm\s*\.\s*none\s*\(\s*\)/g)) push(m.index ?? 0, 'java-jwt', { operation: 'verify', none: true }, 'none');
  // Nimbus JOSE + JWT
  const nimbusVerifies = /\.verify\s*\(|JWTProcessor|JWSVerifier|NimbusJwtDecoder/.test(text);
  for (const m of text.matchAll(/\b(?:SignedJWT|JWTParser)\s*\.\s*parse\s*\(/g)) {
    const where = enclosing(jvm, lineAt(text, m.index ?? 0));
    if (!/getJWTClaimsSet\s*\(/.test(text)) continue;
    push(m.index ?? 0, 'nimbus-jose-jwt', { operation: 'decode', verified: false, verifiedNearby: nimbusVerifies, inRequestPath: where.requestPath }, `decode:${where.method?.name ?? ''}`);
  }
  for (const m of text.matchAll(/\bPlainJWT\s*\.\s*parse\s*\(/g)) push(m.index ?? 0, 'nimbus-jose-jwt', { operation: 'verify', none: true }, 'plain');
  return facts;
}

function xmlFacts(file: SourceFile, jvm: JvmFile, text: string): FactInput[] {
  const hardened = XML_HARDENING.test(text);
  const facts: FactInput[] = [];
  for (const [re, library] of XML_FACTORIES) {
    for (const m of text.matchAll(re)) {
      const line = lineAt(text, m.index ?? 0);
      facts.push({
        kind: 'config',
        setting: 'xml-parser',
        values: { library, hardened },
        summary: `${library} ${hardened ? 'hardened against' : 'not hardened against'} DTDs and external entities`,
        evidence: jvm.lines.evidence(file.path, line),
        key: `${file.path}#xml-parser:${library}:${enclosing(jvm, line).method?.name ?? ''}`,
      });
    }
  }
  return facts;
}

function springSettings(file: SourceFile): FactInput[] {
  const settings = /\.ya?ml$/.test(file.path) ? readYamlSettings(file.content) : readProperties(file.content);
  const facts: FactInput[] = [];
  const devOnly = isDevProfile(file.path);
  const evidence = (line: number) => ({ file: file.path, line, snippet: (file.content.split('\n')[line - 1] ?? '').trim() });
  const include = settings.get('management.endpoints.web.exposure.include');
  const legacy = settings.get('management.security.enabled');
  if (include || legacy) {
    const all = include ? include.value.split(',').map((s) => s.trim().replace(/^["']|["']$/g, '')).includes('*') : false;
    facts.push({
      kind: 'config',
      setting: 'spring-actuator',
      values: { include: include?.value ?? null, exposeAll: all, securityDisabled: legacy?.value === 'false', devOnly },
      summary: `actuator endpoints exposed over HTTP: ${include?.value ?? 'default'}`,
      evidence: evidence((include ?? legacy)?.line ?? 1),
      key: `${file.path}#spring-actuator`,
    });
  }
  const stack = settings.get('server.error.include-stacktrace');
  if (stack && /^(?:always|on[-_]?param|on[-_]?trace[-_]?param)$/i.test(stack.value)) {
    facts.push({ kind: 'config', setting: 'error-handler', values: { library: 'spring-boot', exposesStack: true, devOnly }, summary: `server.error.include-stacktrace=${stack.value}`, evidence: evidence(stack.line), key: `${file.path}#error-handler` });
  }
  return facts;
}

export const extractor: Extractor = {
  id: 'java/security-config',
  title: 'JVM security configuration: JWT library use, XML parser hardening, Spring Boot settings (actuator, error pages)',
  matches: (path) => jvmLanguage(path) !== undefined || isSpringConfigPath(path),
  signals: ['Jwts', 'JWT', 'Factory', 'SAXReader', 'SAXBuilder', 'management.', 'management:', 'include-stacktrace'],
  extract(file, ctx) {
    if (isSpringConfigPath(file.path)) {
      const facts = springSettings(file);
      return facts.length > 0 ? facts : null;
    }
    const jvm = jvmFile(file, ctx);
    if (!jvm) return null;
    const text = blankComments(file.content);
    const facts = [...jwtFacts(file, jvm, text), ...xmlFacts(file, jvm, text)];
    return facts.length > 0 ? facts : null;
  },
};
