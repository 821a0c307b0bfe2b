// Spring Security configuration read from source text: HttpSecurity / ServerHttpSecurity rule
// chains (Java lambda and chained styles, Kotlin DSL), CSRF, login styles, session policy and
// method-security switches. The DSL is regular enough that a scan of the comment-free text finds
// every rule in order, which is the order Spring evaluates them in.
import type { AuthLevel } from '../../../model/types.js';
import { levelOfExpression } from './access.js';
import { blankComments, lineAt, stringsIn } from './text.js';

export interface HttpRule {
  /** Ant patterns (or `re:` regexes); empty for anyRequest/anyExchange. */
  patterns: string[];
  anyRequest: boolean;
  method?: string;
  level: AuthLevel;
  access: string;
  line: number;
  /**
   * Patterns bound from the application's configuration (`for (String url : props.getUrls())
   * registry.antMatchers(url).permitAll()`): the `@ConfigurationProperties` class and member, or a
   * `@Value("${key}")` property key. Resolved per application module when linking.
   */
  bound?: PropertyBinding;
}

export interface PropertyBinding {
  type?: string;
  member?: string;
  property?: string;
}

export interface SecurityConfig {
  rules: HttpRule[];
  csrfDisabled?: number;
  formLogin: boolean;
  httpBasic: boolean;
  stateless: boolean;
  resourceServer: boolean;
  customFilter: boolean;
  /** Classes of the filters added to the chain (`addFilterBefore(jwtFilter, ...)`: the declared type of `jwtFilter`). */
  filters: string[];
  /** Filters added only when a bean may be absent (`if (service != null) http.addFilterBefore(...)`): filter class to the bean's type. */
  filterConditions: Record<string, string>;
  /** Line of the first HttpSecurity use (evidence for the config fact). */
  line: number;
}

export interface MethodSecuritySwitch {
  prePost: boolean;
  secured: boolean;
  jsr250: boolean;
  line: number;
}

const ARGS = String.raw`\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)`;
const ACCESS = String.raw`(permitAll|authenticated|fullyAuthenticated|rememberMe|anonymous|denyAll|hasRole|hasAnyRole|hasAuthority|hasAnyAuthority|access|hasIpAddress)\s*(?:${ARGS})?`;
const CHAINED = new RegExp(String.raw`\b(requestMatchers|antMatchers|mvcMatchers|regexMatchers|pathMatchers|anyRequest|anyExchange)\s*${ARGS}\s*\.\s*${ACCESS}`, 'g');
const KOTLIN = new RegExp(String.raw`\bauthorize\s*\(\s*((?:[^(),]|\([^()]*\))+?(?:,\s*"[^"]*")*)\s*,\s*${ACCESS}\s*\)`, 'g');

function accessLevel(name: string, args: string): AuthLevel {
  if (name === 'permitAll' || name === 'anonymous') return 'none';
  if (name === 'authenticated' || name === 'fullyAuthenticated' || name === 'rememberMe' || name === 'hasIpAddress') return 'user';
  if (name === 'denyAll') return 'admin';
  if (name === 'access') return levelOfExpression(stringsIn(args).join(' ') || args);
  return levelOfExpression(`${name}(${args})`);
}

function methodOf(args: string): string | undefined {
  return /HttpMethod\.(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.exec(args)?.[1];
}

export function readSecurityConfig(source: string): SecurityConfig | undefined {
  if (!/\b(?:Server)?HttpSecurity\b|\bauthorizeHttpRequests\b|\bauthorizeRequests\b|\bauthorizeExchange\b/.test(source)) return undefined;
  const text = blankComments(source);
  const rules: HttpRule[] = [];
  for (const m of text.matchAll(CHAINED)) {
    const any = m[1] === 'anyRequest' || m[1] === 'anyExchange';
    const patterns = m[1] === 'regexMatchers' ? stringsIn(m[2]).map((p) => `re:${p}`) : stringsIn(m[2]);
    const bound = any || patterns.length > 0 ? undefined : boundPatterns(text, m[2]);
    const rule: HttpRule = { patterns, anyRequest: any, method: methodOf(m[2]), level: accessLevel(m[3], m[4] ?? ''), access: m[4] !== undefined ? `${m[3]}(${m[4]})` : m[3], line: lineAt(text, m.index ?? 0) };
    if (bound) rule.bound = bound;
    rules.push(rule);
  }
  for (const m of text.matchAll(KOTLIN)) {
    const target = m[1].trim();
    const any = /^any(?:Request|Exchange)$/.test(target);
    rules.push({ patterns: any ? [] : stringsIn(target), anyRequest: any, method: methodOf(target), level: accessLevel(m[2], m[3] ?? ''), access: m[3] !== undefined ? `${m[2]}(${m[3]})` : m[2], line: lineAt(text, m.index ?? 0) });
  }
  rules.sort((a, b) => a.line - b.line);
  const csrf = /\bcsrf\s*\(\s*\)\s*\.\s*disable\s*\(|\bcsrf\s*\(\s*[\w.]+::disable\s*\)|\bcsrf\s*\(\s*(\w+)\s*->\s*\1\s*\.\s*disable\s*\(\s*\)\s*\)|\bcsrf\s*\{\s*(?:it\s*\.\s*)?disable\s*\(\s*\)\s*\}/.exec(text);
  const first = /\b(?:Server)?HttpSecurity\b/.exec(text) ?? /\bauthorize(?:HttpRequests|Requests|Exchange)\b/.exec(text);
  return {
    rules,
    csrfDisabled: csrf ? lineAt(text, csrf.index) : undefined,
    formLogin: /\b(?:formLogin|oauth2Login|saml2Login)\b/.test(text),
    httpBasic: /\bhttpBasic\b/.test(text),
    stateless: /SessionCreationPolicy\.STATELESS|NoOpServerSecurityContextRepository/.test(text),
    resourceServer: /\boauth2ResourceServer\b/.test(text),
    customFilter: /\baddFilter(?:Before|After|At)?\s*\(/.test(text),
    filters: addedFilters(text),
    filterConditions: filterConditions(text),
    line: first ? lineAt(text, first.index) : 1,
  };
}

/** The declared type of a field, parameter or local (`private Props props;`, `val props: Props`). */
function declaredType(text: string, name: string): string | undefined {
  return (
    new RegExp(String.raw`\b([A-Z]\w*)(?:<[^<>]*>)?(?:\[\])?\s+${name}\s*(?:[;=),]|\(\s*\))`).exec(text)?.[1] ??
    new RegExp(String.raw`\b(?:val|var)\s+${name}\s*:\s*([A-Z]\w*)`).exec(text)?.[1]
  );
}

/** `props.getUrls()` / `props.urls` (optionally `.toArray(...)`): the properties class and member. */
function memberOf(text: string, expr: string): PropertyBinding | undefined {
  const m = /^\s*(\w+)\s*\.\s*(?:get([A-Z]\w*)\s*\(\s*\)|([a-z]\w*)\b(?!\s*\())/.exec(expr);
  if (!m) return undefined;
  const type = declaredType(text, m[1]);
  const member = m[2] ? m[2].charAt(0).toLowerCase() + m[2].slice(1) : m[3];
  return type ? { type, member } : undefined;
}

/**
 * Matcher arguments that are no literals but a list bound from the configuration: a loop variable
 * over a `@ConfigurationProperties` member, the member itself, or a `@Value("${key}")` field.
 */
function boundPatterns(text: string, args: string): PropertyBinding | undefined {
  const direct = memberOf(text, args);
  if (direct) return direct;
  const name = /^\s*(\w+)\s*(?:\.\s*toArray\s*\([^)]*\))?\s*$/.exec(args)?.[1];
  if (!name) return undefined;
  const loop = new RegExp(String.raw`\bfor\s*\(\s*(?:final\s+)?(?:[\w<>]+\s+${name}\s*:|(?:val\s+)?${name}\s+in\b)\s*([^()]*(?:\(\s*\))?)\s*\)`).exec(text);
  if (loop) return memberOf(text, loop[1]);
  const value = new RegExp(String.raw`@Value\s*\(\s*"\\?\$\{([\w.\-\[\]]+)(?::[^}]*)?\}"\s*\)\s*(?:(?:private|protected|public|final|lateinit|var|val)\s+)*(?:[\w<>\[\]]+\s+)?${name}\b`).exec(text);
  return value ? { property: value[1] } : undefined;
}

/** Filters added inside `if (bean != null) { ... }`: present only when that bean is defined. */
function filterConditions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/!=\s*null/.test(text) || !/\baddFilter/.test(text)) return out;
  for (const m of text.matchAll(/\bif\s*\(\s*(?:(\w+)\s*!=\s*null|null\s*!=\s*(\w+))\s*\)\s*\{/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let end = text.length;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    const type = declaredType(text, m[1] ?? m[2]);
    if (!type) continue;
    for (const f of addedFilters(text.slice(open, end), text)) out[f] = type;
  }
  return out;
}

/** The classes of the filters a chain adds: `new X(...)`, or a field/parameter/bean method's declared type. */
function addedFilters(text: string, whole = text): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\baddFilter(?:Before|After|At)?\s*\(\s*(?:new\s+([A-Z]\w*)|(\w+))/g)) {
    if (m[1]) {
      out.add(m[1]);
      continue;
    }
    const name = m[2];
    out.add(declaredType(whole, name) ?? name.charAt(0).toUpperCase() + name.slice(1));
  }
  return [...out].sort();
}

export function readMethodSecurity(source: string): MethodSecuritySwitch | undefined {
  // Comments are blanked (same offsets): a note saying the switch is missing must not turn it on.
  const m = /@Enable(Reactive)?(Global)?MethodSecurity\b(\s*\(([^)]*)\))?/.exec(blankComments(source));
  if (!m) return undefined;
  const args = m[4] ?? '';
  const flag = (name: string) => new RegExp(String.raw`\b${name}\s*=\s*true`).test(args);
  // @EnableMethodSecurity turns pre/post annotations on by default; the older global one does not.
  const prePost = m[2] ? flag('prePostEnabled') : !/\bprePostEnabled\s*=\s*false/.test(args);
  return { prePost, secured: flag('securedEnabled'), jsr250: flag('jsr250Enabled'), line: lineAt(source, m.index) };
}

/** Does an Ant pattern (`/api/**`, `/users/*`, `/a/{id}`) or `re:` regex match a route path? */
export function antMatches(pattern: string, path: string): boolean {
  const route = path.replace(/\{[^}]*\}|:\w+/g, 'x').replace(/\/+$/, '') || '/';
  if (pattern.startsWith('re:')) {
    try {
      return new RegExp(pattern.slice(3)).test(route);
    } catch {
      return false;
    }
  }
  let p = pattern.replace(/\/+$/, '') || '/';
  let suffix = '';
  if (p.endsWith('/**')) {
    p = p.slice(0, -3);
    suffix = '(?:/.*)?';
  }
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') {
      const end = p.indexOf('}', i);
      re += '[^/]+';
      i = end === -1 ? p.length : end;
    } else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}${suffix}$`).test(route);
}
