// Root fields of a GraphQL SDL schema (Query, Mutation, Subscription, including `extend type` and
// a `schema { query: X }` renaming) with their directives, read by a bounded scan that blanks
// comments and descriptions first (lines kept).

export interface RootField {
  operation: 'QUERY' | 'MUTATION' | 'SUBSCRIPTION';
  name: string;
  directives: string[];
  /** Directive arguments as written (`@hasRole(role: ADMIN)` → `role: ADMIN`). */
  directiveText: string;
  line: number;
}

function blank(text: string): string {
  return text
    .replace(/"""[\s\S]*?"""/g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/"(?:[^"\\\n]|\\.)*"/g, (m) => `"${' '.repeat(Math.max(0, m.length - 2))}"`)
    .replace(/#[^\n]*/g, (m) => ' '.repeat(m.length));
}

/** Line of an offset; offsets are asked in increasing order, so counting resumes where it stopped. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    at = offset;
    return line;
  };
}

export function rootFields(source: string, lineOffset = 0): RootField[] {
  const text = blank(source);
  const roots: Record<string, RootField['operation']> = { Query: 'QUERY', Mutation: 'MUTATION', Subscription: 'SUBSCRIPTION' };
  const schema = /\bschema\s*(?:@\w+(?:\([^)]{0,1024}\))?\s*)*\{([^}]{0,2048})\}/.exec(text);
  if (schema) {
    for (const m of schema[1].matchAll(/\b(query|mutation|subscription)\s*:\s*(\w+)/g)) roots[m[2]] = m[1].toUpperCase() as RootField['operation'];
  }
  const fields: RootField[] = [];
  const lineAt = lineCounter(text);
  // Bounded gaps keep hostile input (many `type` words, no braces) linear.
  const typeRe = /\b(?:extend\s+)?type\s+(\w+)[^{}]{0,256}\{/g;
  for (let m = typeRe.exec(text); m !== null; m = typeRe.exec(text)) {
    const operation = roots[m[1]];
    const open = m.index + m[0].length;
    const close = text.indexOf('}', open);
    const end = close < 0 ? text.length : close;
    if (!operation) {
      typeRe.lastIndex = end;
      continue;
    }
    const body = text.slice(open, end);
    // A field: name, optional (args), `:`, type, then directives up to the next field.
    const fieldRe = /(^|\n|,)\s*(\w+)\s*(\([^)]{0,4096}\))?\s*:\s*[\w[\]!]+((?:[ \t]*@\w+(?:\s*\([^)]{0,1024}\))?)*)/g;
    for (let f = fieldRe.exec(body); f !== null; f = fieldRe.exec(body)) {
      const directives = [...f[4].matchAll(/@(\w+)/g)].map((d) => d[1]);
      fields.push({ operation, name: f[2], directives, directiveText: f[4].trim(), line: lineOffset + lineAt(open + f.index + f[0].search(/\w/)) });
    }
    typeRe.lastIndex = end;
  }
  return fields;
}

const AUTH_DIRECTIVES = /^(?:auth|authenticated|isAuthenticated|requiresAuth|requireAuth|authorized|jwt|aws_cognito_user_pools|aws_iam|aws_oidc|aws_lambda|hasRole|hasScope|hasScopes|requiresScopes|policy|requiresRole|authz)$/i;

/** Auth of a root field from its directives; `unknown` when resolvers decide (nothing in the schema says). */
export function fieldAuth(field: RootField): 'user' | 'admin' | 'none' | 'unknown' {
  if (field.directives.some((d) => /^(?:public|allowAnonymous|skipAuth|aws_api_key)$/i.test(d))) return 'none';
  if (!field.directives.some((d) => AUTH_DIRECTIVES.test(d))) return 'unknown';
  return /admin/i.test(field.directiveText) ? 'admin' : 'user';
}
