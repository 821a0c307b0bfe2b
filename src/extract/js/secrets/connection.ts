// Database credentials written into the call that opens the connection: `createConnection({
// username: 'root', password: 'root' })`, `new DataSource({...})`, `TypeOrmModule.forRoot({...})`,
// `knex({ connection: { password } })`, `new Sequelize(db, user, 'pass')`. There the literal is the
// password the app logs in with, so the placeholder words the name heuristics skip (`root`,
// `admin`, `password`: a default account's real password) are credentials too.
import { literalValue, objectProp, resolveObject, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

/** Modules whose calls open a database connection (resolved callee names start with one). */
const DB_MODULE = /^(typeorm|@nestjs\/typeorm|@nestjs\/sequelize|@nestjs\/mongoose|sequelize|sequelize-typescript|mysql2?|mysql2\/promise|pg|pg-pool|postgres|knex|mongoose|mongodb|mssql|tedious|oracledb|mariadb|@mikro-orm\/[\w-]+|objection)(\.|$)/;
/** Option keys that hold the password (pieces of signals.ts's names), at the top level or under `connection` / `authentication.options`. */
const PASSWORD_KEYS = ['password', 'pwd'];
const NESTED = [['connection'], ['authentication', 'options'], ['auth']];

/**
 * Words standing where a password goes, as in the driver's documentation (`new Sequelize('database',
 * 'username', 'password', { dialect: 'sqlite' })`): unlike a default account's `root`/`admin`, no
 * server is set up with them on purpose.
 */
const FILLER = /^(password|passwd|pass|pwd|secret|changeme|change_me|dummy|placeholder|your[_-]?password)$/i;
/** SQLite has no accounts: whatever credentials the options carry are ignored. */
const NO_ACCOUNTS = /^(sqlite|sqlite3|better-sqlite3|sqljs|capacitor|cordova|expo)$/i;

export interface ConnectionSecret {
  node: AstNode;
  value: string;
  locator: string;
}

function stringLiteral(node: AstNode | undefined): { node: AstNode; value: string } | undefined {
  const lit = unwrap(node);
  const value = lit ? literalValue(lit) : undefined;
  // Empty passwords are a separate weakness, and `${...}`-looking text is a template left unfilled.
  return lit && typeof value === 'string' && value !== '' && !/^\$\{|^<.*>$/.test(value) && !FILLER.test(value) ? { node: lit, value } : undefined;
}

function passwordIn(options: AstNode | undefined, index: JsIndex): { node: AstNode; value: string } | undefined {
  const obj = resolveObject(options, index);
  if (!obj || obj.type !== 'ObjectExpression') return undefined;
  for (const path of [[], ...NESTED]) {
    let at: AstNode | undefined = obj;
    for (const key of path) at = resolveObject(objectProp(at, key), index);
    if (!at || at.type !== 'ObjectExpression') continue;
    for (const key of PASSWORD_KEYS) {
      const found = stringLiteral(objectProp(at, key));
      if (found) return found;
    }
  }
  return undefined;
}

function dialectOf(options: AstNode | undefined, index: JsIndex): string {
  const obj = resolveObject(options, index);
  const value = obj && obj.type === 'ObjectExpression' ? unwrap(objectProp(obj, 'dialect') ?? objectProp(obj, 'type') ?? objectProp(obj, 'client')) : undefined;
  const text = value ? literalValue(value) : undefined;
  return typeof text === 'string' ? text : '';
}

/** Literal passwords in the arguments of connection-opening calls of database drivers and ORMs. */
export function connectionSecrets(index: JsIndex): ConnectionSecret[] {
  const out: ConnectionSecret[] = [];
  for (const type of ['CallExpression', 'NewExpression'] as const) {
    for (const call of index.nodesOf(type)) {
      const callee = index.resolvedCallee(call) ?? '';
      if (!DB_MODULE.test(callee)) continue;
      const args = call.arguments as AstNode[];
      if (args.some((a) => NO_ACCOUNTS.test(dialectOf(a, index)))) continue;
      // `new Sequelize('db', 'user', 'password', {...})`: the third positional argument.
      const positional = /^sequelize(-typescript)?(\.Sequelize)?$/.test(callee) && type === 'NewExpression' ? stringLiteral(args[2]) : undefined;
      const found = positional ?? args.map((a) => passwordIn(a, index)).find((f) => f !== undefined);
      if (found) out.push({ ...found, locator: `db-connection:${callee}:${index.line(found.node)}` });
    }
  }
  return out;
}
