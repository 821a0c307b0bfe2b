// What a handler's body does besides records: whether it changes state (storage, session, outbound
// calls), writes storage on a GET, answers the request, and the body tags (uploads, mailed tokens,
// query tokens, login-like session writes) routes carry. Grouped as the handler's side effects.
import { calleeName, calleeObject, calleeProperty, isFunctionLike, memberPath, nodesUnder, paramNames, someNode, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { returnedFunction } from './routes-guards.js';
import { LOGIN_STEP_KEY, pathTokenOnly } from './routes-guard-signals.js';
import { REQUEST_PARAMS, REQUEST_INPUTS, handlerLike, DATA_LAYER } from './routes-handler-records.js';
import { looksUpRequestToken, onlySendsMail } from './routes-handler-public.js';
import { READS_NO_REQUEST } from './routes.js';
import { sessionKeyed, sessionOnly } from './routes-handler-session.js';
import { throttlesItself } from './routes-handler-throttle.js';
import { refusesOutsideDev } from './dev-only.js';

function readsUploadedFiles(path: readonly string[]): boolean {
  const at = path[0] === 'ctx' && path[1] === 'request' ? 2 : /^(req|request)$/.test(path[0] ?? '') ? 1 : -1;
  return at > 0 && /^files?$/.test(path[at] ?? '');
}

/** `await Tokens.validate({ token: req.params.token })` on `/verify/:token`: the mailed link's token is the check. */
function verifiesPathToken(body: AstNode, index: JsIndex): boolean {
  return nodesUnder(body, 'CallExpression').some((c) => /verify|validate|check|consume|redeem/i.test(calleeProperty(c) ?? '') && pathTokenOnly(c, index));
}

export function bodyTags(fn: FunctionLike, index: JsIndex): string[] {
  const tags = new Set<string>();
  const body = fn.body as AstNode | null;
  if (!body) return [];
  for (const call of [...nodesUnder(body, 'CallExpression'), ...nodesUnder(body, 'NewExpression')]) {
    const resolved = index.resolvedCallee(call) ?? '';
    const prop = calleeProperty(call);
    if (/^(formidable|busboy|multiparty|@fastify\/multipart)\b/.test(resolved) || /^(formidable|busboy|multiparty)\.\w+$/.test(resolved) || uploadInvoked(call, fn, index)) tags.add('upload');
    if (prop === 'regenerate' && /session/.test(calleeName(call) ?? '')) tags.add('regenerates-session');
    if ((prop === 'login' || prop === 'logIn') && /^(req|request|ctx)\./.test(calleeName(call) ?? '')) tags.add('passport-login');
    if (prop === 'file' || prop === 'saveRequestFiles' || prop === 'files' || prop === 'parts') {
      if (/^(req|request)\./.test(calleeName(call) ?? '')) tags.add('upload');
    }
  }
  // What an app-wide multipart parser left on the request: the route takes files only if it reads them.
  for (const member of nodesUnder(body, 'MemberExpression')) {
    const path = memberPath(member);
    if (path && readsUploadedFiles(path)) tags.add('reads-files');
  }
  for (const assign of nodesUnder(body, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (storesInSession(path)) tags.add('sets-session');
    if (path && /^(status|statusCode)$/.test(path[path.length - 1]) && /^(405|501)$/.test(index.text(assign.right))) tags.add('method-not-allowed');
  }
  if (tags.has('sets-session') && (checksGivenPassword(body, index) || exchangesBodyCredential(body, index))) tags.add('login');
  // Facts for safe-method routes (GET): a visible storage write, and a one-time token in the query
  // (the link-from-an-e-mail pattern, which writes on GET by design).
  const storage = writesStorage(fn, index);
  if (storage !== 'none') tags.add('writes-storage');
  if (storage === 'update') tags.add('writes-updates-only');
  if (readsQueryToken(fn)) tags.add('query-token');
  if (namedBodyFieldsWithoutCredential(fn)) tags.add('no-credential-fields');
  // Read by routeTags only (a sign-up form reads the request), then dropped.
  if (ignoresRequest(fn)) tags.add(READS_NO_REQUEST);
  if (mailsFreshToken(fn)) tags.add('mails-token');
  // Public by what the body does (routes-handler-public.ts): a mailed token picks the record it changes; only an e-mail is sent.
  if (looksUpRequestToken(fn) || verifiesPathToken(body, index)) tags.add('capability-token');
  if (onlySendsMail(fn, storage)) tags.add('mail-only');
  if (sessionOnly(fn, index, storage)) tags.add('session-only');
  // Asks a limiter and answers 429 itself: throttled like a route behind a limiter middleware.
  if (throttlesItself(fn, index)) tags.add('rate-limited');
  // Refuses first thing outside development: a debug tool switched off in production.
  if (refusesOutsideDev(fn, index)) tags.add('dev-only');
  const calls = nodesUnder(body, 'CallExpression');
  for (const call of calls) {
    if (/^(status|sendStatus|code)$/.test(calleeProperty(call) ?? '') && /^(405|501)$/.test(index.text((call.arguments[0] as AstNode) ?? call))) tags.add('method-not-allowed');
  }
  // Serves a page shell and nothing else (`res.render('admin')`, `res.sendFile(index.html)`).
  if (calls.length > 0 && calls.every((c) => /^(render|sendFile|redirect|join|resolve|status|type|set|setHeader)$/.test(calleeProperty(c) ?? '')) && calls.some((c) => /^(render|sendFile)$/.test(calleeProperty(c) ?? ''))) tags.add('page-only');
  return [...tags].sort();
}

/** A password hash library's check: `bcrypt.compare(pw, hash)`, `argon2.verify(hash, pw)`. */
const HASH_COMPARE = /^(?:bcrypt\w*|argon2|@node-rs\/(?:bcrypt|argon2)|scrypt\w*)\.(?:compare|compareSync|verify)$/;

/**
 * The user record's own password check (`user.comparePassword(pw)`, `user.validPassword(pw)`,
 * `user.passwordMatch(pw)`): a model method wrapping the hash library, common in Mongoose/TypeORM
 * entities, so the hash call itself lives in the model file.
 */
const PASSWORD_METHOD = /^((compare|verify|check|validate|match|is_?valid|valid)_?password|password_?(matches|match|is_?valid|valid|compare|verify|check))$/i;

/**
 * The handler checks a password the request carries against a stored hash (`bcrypt.compare(
 * req.body.password, user.hash)`): with a session write, whatever its path is named, it is a login.
 */
function checksGivenPassword(body: AstNode, index: JsIndex): boolean {
  const compares = nodesUnder(body, 'CallExpression').filter((call) => HASH_COMPARE.test(index.resolvedCallee(call) ?? '') || PASSWORD_METHOD.test(calleeProperty(call) ?? ''));
  if (compares.length === 0) return false;
  const fromRequest = (n: AstNode | null | undefined) => !!n && REQUEST_INPUTS.test(memberPath(unwrap(n))?.join('.') ?? '');
  // `const { email, password } = req.body`: names taken from the request.
  const given = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (!fromRequest(d.init as AstNode | null)) continue;
    if (d.id.type === 'Identifier') given.add(d.id.name);
    else for (const i of nodesUnder(d.id as AstNode, 'Identifier')) given.add(i.name);
  }
  return compares.some((call) => call.arguments.some((a) => {
    const arg = unwrap(a as AstNode);
    // `body.password` where `const body = req.body`: a field of a name taken from the request.
    const root = arg.type === 'MemberExpression' ? memberPath(arg)?.[0] : arg.type === 'Identifier' ? arg.name : undefined;
    return fromRequest(arg) || (root !== undefined && given.has(root));
  }));
}

/** A credential field of a sign-in body: a provider's token, an id token, an assertion, an authorisation code. */
const PROVIDER_CREDENTIAL = /token|credential|assertion|^(code|auth_?code)$/i;
/** Asks an identity provider who holds a credential (`plexTv.getUser()`, `client.verifyIdToken({ idToken })`). */
const PROVIDER_IDENTITY = /^(getUser|getAccount|getProfile|getMe|getUserInfo|userInfo|getTokenInfo|verifyIdToken|verifyToken|verifyAccessToken)$/;

/** Does a guard verdict rest on such a provider call (`plextv.getUser()`), not on the request's own identity? */
export function providerIdentityCheck(why: string): boolean {
  const method = /(\w+)\(\)\s*$/.exec(why)?.[1];
  return !!method && PROVIDER_IDENTITY.test(method);
}

/**
 * Sign-in by a third-party credential (`const tv = new ProviderApi(req.body.authToken); const
 * account = await tv.getUser(); ... req.session.userId = user.id`, Google's `verifyIdToken({ idToken
 * })`): the handler asks a provider who holds the token the request body carries, through the call's
 * arguments or the client it calls, and (checked by the caller) then writes the session. The identity
 * it finds is the caller being signed in, not a login the route requires.
 */
export function exchangesBodyCredential(body: AstNode, index: JsIndex): boolean {
  const holders = new Set(['req.body', 'request.body', 'ctx.request.body']);
  const credentials = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = d.init ? memberPath(unwrap(d.init as AstNode))?.join('.') : undefined;
    if (!init || !holders.has(init)) continue;
    if (d.id.type === 'Identifier') holders.add(d.id.name);
    else for (const i of nodesUnder(d.id as AstNode, 'Identifier')) if (PROVIDER_CREDENTIAL.test(i.name)) credentials.add(i.name);
  }
  const readsCredential = (n: AstNode | undefined): boolean =>
    !!n &&
    someNode(n, (x) => {
      if (x.type === 'Identifier') return credentials.has(x.name);
      if (x.type !== 'MemberExpression') return false;
      const path = memberPath(x);
      return !!path && path.length >= 2 && PROVIDER_CREDENTIAL.test(path[path.length - 1]) && holders.has(path.slice(0, -1).join('.'));
    });
  return nodesUnder(body, 'CallExpression').some((call) => {
    if (!PROVIDER_IDENTITY.test(calleeProperty(call) ?? '')) return false;
    if (call.arguments.some((a) => readsCredential(a as AstNode))) return true;
    // The client the call is made on, built from the credential (`new ProviderApi(body.authToken)`).
    const receiver = calleeObject(call);
    return receiver?.type === 'Identifier' && readsCredential(index.initAt(receiver.name, call));
  });
}

export const RESPONSE_METHODS = /^(send|sendFile|json|jsonp|render|end|redirect|download|write|sendStatus)$/;

/** Generators of unguessable tokens (`uuid.v4()`, `crypto.randomBytes(32).toString('hex')`, `nanoid()`). */
const RANDOM_TOKEN = /(^|\.)(v4|uuidv4|randomUUID|randomBytes|nanoid|cuid|createId)$/;

/**
 * Mails a token it has just generated (`key = uuid.v4(); ... mail.sendResetPassMail(email, key)`):
 * the e-mail-link flows (password reset, magic link, verification), public by design.
 */
function mailsFreshToken(fn: FunctionLike): boolean {
  const tokens = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = d.init as AstNode | null;
    if (d.id.type !== 'Identifier' || !init) continue;
    const calls = init.type === 'CallExpression' ? [init, ...nodesUnder(init, 'CallExpression')] : nodesUnder(init, 'CallExpression');
    if (calls.some((c) => RANDOM_TOKEN.test(calleeName(c) ?? ''))) tokens.add(d.id.name);
  }
  if (tokens.size === 0) return false;
  const named = (a: AstNode) => (a.type === 'Identifier' && tokens.has(a.name)) || nodesUnder(a, 'Identifier').some((i) => tokens.has(i.name));
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => /mail/i.test(calleeName(c) ?? '') && /^send|mail$/i.test(calleeProperty(c) ?? calleeName(c) ?? '') && c.arguments.some((a) => named(unwrap(a as AstNode))));
}

/**
 * Does a handler answer requests itself (rather than pass them on)? It writes to its response
 * object, or hands it to a helper, and never calls `next()` without an error. Factories are
 * judged by the handler they return.
 */
export function answers(fn: FunctionLike, index: JsIndex): boolean {
  const inner = handlerLike(fn) ? fn : returnedFunction(fn, index);
  if (!inner || !handlerLike(inner) || !inner.body) return false;
  const params = paramNames(inner);
  const res = params[1];
  const next = params[2];
  const calls = nodesUnder(inner.body as AstNode, 'CallExpression');
  if (next && calls.some((c) => calleeName(c) === next && c.arguments.length === 0)) return false;
  return calls.some((c) => {
    // `res.send(x)`, `res.status(200).json(x)`.
    if (res && chainRoot(c) === res && RESPONSE_METHODS.test(calleeProperty(c) ?? '')) return true;
    return c.arguments.some((a) => {
      const u = unwrap(a as AstNode);
      return u.type === 'Identifier' && u.name === res;
    });
  });
}

/** Persisting calls: ORMs, document stores, query builders. */
const WRITE_METHODS = /^(create|bulkCreate|createMany|insert|insertOne|insertMany|save|update|updateOne|updateMany|upsert|destroy|deleteOne|deleteMany|findByIdAndUpdate|findOneAndUpdate|findByIdAndDelete|findByIdAndRemove|findOneAndDelete|findOneAndRemove|replaceOne|increment|decrement|truncate|restore|bulkWrite|persist|flush|merge|softDelete|remove|delete|set|hset|hmset|lpush|rpush|sadd|zadd|del|incr|decr|expire|publish|enqueue|add|send|sendMail|sendEmail|sendMessage|charge|transfer|refund|emit|write|writeFile|writeFileSync|appendFile|appendFileSync|unlink|unlinkSync|rename|renameSync|rm|rmSync|mkdir|mkdirSync|copyFile|createWriteStream|exec|execSync|spawn|execFile|post|put|patch)$/;
/** Receivers whose `delete`/`set`/`add`/`remove` are in-memory collections, not storage. */
const IN_MEMORY = /^(map|set|cache|list|arr|array|items|seen|visited|params|headers|searchParams|query|url|classList|attributes|formData|form|result|results|out|acc|memo)$/i;
/** A Koa handler's context and the response methods it delegates (headers, redirects, errors). */
const KOA_CONTEXT = /^(ctx|context)$/;
const KOA_RESPONSE = /^(set|append|remove|attachment|redirect|vary|throw|assert|flushHeaders)$/;
/** Packages of pure helpers over values (lodash, underscore, ramda). */
const PURE_LIBRARY = /^(lodash|lodash\/\w+|lodash\.\w+|lodash-es|underscore|ramda)\./;

/** Calls that only read, validate, format or answer. */
const PURE_CALL = /^(Number|String|Boolean|parseInt|parseFloat|BigInt|Date|encodeURIComponent|decodeURIComponent)$|valid|check|verify|parse|sanitiz|escape|log|debug|info|warn|error|json|send$|status|render|format|stringify|test|match|includes|trim|lower|upper|split|join|replace|slice|map|filter|reduce|find|get|has|keys|values|entries|assign|freeze|from|of|toString|compare|hash|encode|decode|sign$|isArray|round|floor|ceil|max|min|now|resolve|reject|then|catch|finally|next|redirect|end|write$|set$|header|type|cookie|clearCookie|digest|update$/i;

/**
 * Does a handler change anything: a storage write (ORM, document store, SQL INSERT/UPDATE/DELETE,
 * Redis, file system), a session write, an outbound POST/PUT/PATCH/DELETE, a message or e-mail,
 * or request data handed to one of the repository's own functions (which may persist it)?
 */
/**
 * An upload middleware run by the handler itself on its own request and response
 * (`uploadSingleImage(req, res, (err) => ...)`, `upload.single('image')(req, res, cb)`): multer
 * writes the files, as it does in front of the route.
 */
function uploadInvoked(call: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  if (call.type !== 'CallExpression' || call.arguments.length < 2) return false;
  const params = fn.params.map((p) => ((p as AstNode).type === 'Identifier' ? (p as unknown as { name: string }).name : ''));
  const [req, res] = call.arguments.map((a) => unwrap(a as AstNode));
  if (!params[0] || req.type !== 'Identifier' || res.type !== 'Identifier' || req.name !== params[0] || res.name !== params[1]) return false;
  const callee = unwrap(call.callee);
  // `upload.single('image')(req, res, cb)`, or a name bound to such a call.
  const made = callee.type === 'CallExpression' ? callee : callee.type === 'Identifier' ? unwrap(index.constInit(callee.name)) : undefined;
  if (made && made.type === 'CallExpression' && /^(single|array|fields|any)$/.test(calleeProperty(made) ?? '')) return true;
  return /upload|multer/i.test(calleeName(call) ?? '');
}

export function changesState(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  return !body || changesStateIn(body, fn, index);
}

/** `changesState` for one part of the handler `fn` (a statement, a branch). */
export function changesStateIn(body: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  if (nodesUnder(body, 'CallExpression').some((c) => uploadInvoked(c, fn, index))) return true;
  for (const assign of nodesUnder(body, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (path && path.length >= 3 && REQUEST_PARAMS.has(path[0]) && path[1] === 'session') return true;
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    const prop = calleeProperty(call) ?? '';
    const name = calleeName(call) ?? '';
    const recv = name.split('.').slice(0, -1);
    const root = chainRoot(call);
    if (['res', 'response', 'reply', 'h', 'console', 'crypto'].includes(root) || /create(Hash|Hmac|Cipher|Decipher|Sign|Verify)/.test(index.text(call.callee as AstNode))) continue;
    // `_.pick(req.body, 'name')`: a utility library computes a value, it stores nothing.
    if (PURE_LIBRARY.test(index.resolvedCallee(call) ?? '')) continue;
    // Koa's context delegates these to its response: `ctx.set('Content-Disposition', ...)` is a header.
    if (recv.length === 1 && KOA_CONTEXT.test(recv[0]) && KOA_RESPONSE.test(prop)) continue;
    // The application's own data layer, by verb: `usersRepository.updatePassword(email, hash)`.
    if (dataLayerWrite(recv, prop)) return true;
    if (projectModuleWrite(call, index, false) !== undefined || modelCompoundWrite(recv, prop)) return true;
    // `FileOperation.createWithCtx(ctx, {...})`: a write verb leading a model's own method (not a
    // package's factory such as `React.createElement`).
    if (recv.length === 1 && /^[A-Z][a-z]/.test(recv[0]) && MODEL_WRITE_PREFIX.test(prop) && !libraryFactory(recv[0], index)) return true;
    if (WRITE_METHODS.test(prop)) {
      if (/^(delete|set|add|remove|send|emit|write|post|put|patch|get)$/.test(prop) && IN_MEMORY.test(recv[recv.length - 1] ?? '')) continue;
      if (prop === 'send' && recv.length === 0) continue;
      return true;
    }
    if (sqlWrite(call, prop, index, /^(insert|update|delete|replace|merge|upsert|create|drop|alter|truncate)$/i)) return true;
    // Request data handed to one of the repository's own functions, which may persist it.
    if (!PURE_CALL.test(prop || name) && call.arguments.some((a) => REQUEST_INPUTS.test(memberPath(a as AstNode)?.join('.') ?? '') || /\b(req|request|ctx)\.(body|request\.body)\b/.test(index.text(a as AstNode)))) return true;
  }
  return false;
}

/** Storage writes only: ORM and document-store persistence, by the method's exact name. */
const STORAGE_WRITE = /^(create|bulkCreate|createMany|insert|insertOne|insertMany|save|update|updateOne|updateMany|upsert|destroy|deleteOne|deleteMany|findByIdAndUpdate|findOneAndUpdate|findByIdAndDelete|findByIdAndRemove|findOneAndDelete|findOneAndRemove|replaceOne|bulkWrite|persist|softDelete|remove|delete)$/;

/**
 * A stricter reading than `changesState`, for safe methods (GET, HEAD): the handler itself visibly
 * writes to storage (`user.save()`, `Model.deleteOne()`, `usersRepository.updateX()`, an SQL
 * INSERT/UPDATE/DELETE). Session writes, counters, caches, e-mails, outbound calls and request
 * data handed to other functions do not count: they are either expected on a GET or a guess.
 */
function writesStorage(fn: FunctionLike, index: JsIndex): 'none' | 'update' | 'change' {
  const body = fn.body as AstNode | null;
  if (!body) return 'none';
  const loaded = lookedUpDocuments(body);
  let seen: 'none' | 'update' = 'none';
  // Updates (`share.update({ views })`, `user.save()`) may be bookkeeping such as a view counter
  // or a last-seen time; a create, a delete or another verb changes what the application holds.
  const write = (verb: string): boolean => {
    if (!UPDATE_ONLY.test(verb)) return true;
    seen = 'update';
    return false;
  };
  for (const call of nodesUnder(body, 'CallExpression')) {
    const prop = calleeProperty(call) ?? '';
    const recv = (calleeName(call) ?? '').split('.').slice(0, -1);
    const root = chainRoot(call);
    // Rows keyed by the caller's session id are its own session state (routes-handler-session.ts).
    if (sessionKeyed(call)) continue;
    const moduleVerb = projectModuleWrite(call, index, true);
    if (moduleVerb && write(moduleVerb)) return 'change';
    if (moduleVerb || recv.length === 0 || ['res', 'response', 'reply', 'h', 'console', 'crypto', 'Object', 'Reflect', 'session'].includes(root)) continue;
    // Collection and index administration changes the database whoever holds the handle
    // (`req.collection.dropIndex(name)` on a handle a middleware put on the request).
    if (SCHEMA_WRITE.test(prop) && write(prop)) return 'change';
    // On the request, only the signed-in user's own record is storage (`req.user.save()`), not the session.
    if (REQUEST_PARAMS.has(root) && !(recv.length === 2 && /^(user|currentUser|account)$/.test(recv[1]))) continue;
    const owner = recv[recv.length - 1] ?? '';
    if (/session|cache|storage/i.test(owner) || IN_MEMORY.test(owner)) continue;
    // `stream.destroy()`, `socket.destroy()`: closing an I/O handle, no record.
    if (prop === 'destroy' && /stream|socket|readable|writable|pipe|^conn(ection)?$/i.test(owner)) continue;
    // `Map.delete(k)`, `list.remove(x)`: `delete`/`remove` count only on a model or a database handle.
    if (/^(delete|remove)$/.test(prop) && !/^[A-Z]/.test(owner) && !/^(prisma|db|database|knex|models?|orm|em|manager)$/i.test(root) && !DATA_LAYER.test(owner) && !(recv.length === 1 && loaded.has(owner))) continue;
    // `xmlbuilder.create('urlset')`, `EventProxy.create(events, cb)`: a library's factory, no record.
    if (prop === 'create' && recv.length === 1 && libraryFactory(recv[0], index)) continue;
    // `integrityTokenProvider.create()`: a token minted from nothing the request gave, handed back; no record.
    if (prop === 'create' && call.arguments.length === 0 && TOKEN_FACTORY.test(owner)) continue;
    if ((dataLayerWrite(recv, prop) || STORAGE_WRITE.test(prop)) && write(prop)) return 'change';
    const keyword = sqlWrite(call, prop, index, /^(insert|update|delete|replace|merge|upsert)$/i) ? sqlKeyword(call, index) : undefined;
    if (keyword && write(keyword)) return 'change';
  }
  return seen;
}

const TOKEN_FACTORY = /token|nonce|signer|generator/i;

/** A name bound to a whole package that is no data store (`const xmlbuilder = require('xmlbuilder')`). */
function libraryFactory(name: string, index: JsIndex): boolean {
  const b = index.bindings.get(name);
  return !!b && (b.imported === 'default' || b.imported === '*') && !/^(\.|@\/|~\/|#)/.test(b.module) && !STORE_PACKAGE.test(b.module);
}

const STORE_PACKAGE = /mongo|sequelize|prisma|typeorm|knex|objection|bookshelf|waterline|mikro|drizzle|kysely|sql|redis|dynamo|firestore|firebase|supabase|couch|pouch|level|nedb|lowdb|orm|db|model|stripe|storage|s3|queue|bull/i;

const MODEL_WRITE_PREFIX = /^(create|update|delete|destroy|remove|upsert|insert)[A-Z]/;

/** MongoDB driver verbs that drop, create or rebuild collections and indexes. */
const SCHEMA_WRITE = /^(dropIndex|dropIndexes|dropCollection|dropDatabase|createIndex|createIndexes|ensureIndex|reIndex|renameCollection|createCollection)$/;

/** Write verbs that only update records in place. */
const UPDATE_ONLY = /^(update|save|upsert|increment|decrement|touch|mark|set|findByIdAndUpdate|findOneAndUpdate)(?=$|[A-Z_0-9])/i;

/**
 * Names bound to a document a model lookup returned: `const doc = await Todo.findById(id)`, or the
 * result parameter of `Todo.findById(id, (err, doc) => ...)`. Their `remove()`/`delete()` deletes
 * the stored record, where `list.remove(x)` on any other name may be an in-memory collection.
 */
function lookedUpDocuments(body: AstNode): Set<string> {
  const names = new Set<string>();
  const lookup = (n: AstNode | undefined): boolean => {
    const call = n ? unwrapAwait(unwrap(n)) : undefined;
    if (!call || call.type !== 'CallExpression') return false;
    const name = calleeName(call) ?? '';
    return /^[A-Z]\w*\.(find\w*|get\w*|load\w*)$/.test(name);
  };
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const id = d.id as AstNode;
    if (id.type === 'Identifier' && lookup(d.init as AstNode | undefined)) names.add(id.name);
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    if (!lookup(call)) continue;
    const last = unwrap(call.arguments[call.arguments.length - 1] as AstNode);
    const param = isFunctionLike(last) ? (last.params[1] as AstNode | undefined) : undefined;
    if (param?.type === 'Identifier') names.add(param.name);
  }
  return names;
}

/** Verbs that change state when they name a function of the application's own modules. */
const MODULE_WRITE_VERB = /^(update|delete|create|save|insert|remove|destroy|upsert|add|edit|modify|patch|replace|reset|change|register|archive|restore|increment|decrement|assign|revoke|grant|purchase|buy|checkout|pay|book|submit|cancel|approve|reject|publish|transfer|invite|vote|follow|unfollow|subscribe|unsubscribe|enable|disable|toggle|move|clear|wipe|purge|ban|unban|block|unblock|lock|unlock|activate|deactivate|persist|store)(?=$|[A-Z_0-9])/;
/** Folders that hold the data layer of an application. */
const DATA_LAYER_DIR = /(^|\/)(models?|dao|db|database|repositor(y|ies)|repos?|stores?|queries|entities|persistence)(\/|$)/i;

/**
 * A call into one of the application's own modules whose function is named by a write verb:
 * `updateSegment(id, data)` imported from `@/queries`, `products.purchase(cart)` required from
 * `../model/products`. With `dataLayer`, only modules in a data-layer folder count (the strict
 * reading for GET routes); otherwise any project module does.
 */
function projectModuleWrite(call: CallLike, index: JsIndex, dataLayer: boolean): string | undefined {
  const path = memberPath(call.callee as AstNode);
  if (!path || path.length > 2) return undefined;
  const b = index.bindings.get(path[0]);
  if (!b || !/^(\.|@\/|~\/|#)/.test(b.module)) return undefined;
  const fnName = path.length === 2 ? path[1] : b.imported === 'default' || b.imported === '*' ? path[0] : b.imported;
  if (!MODULE_WRITE_VERB.test(fnName) || DATA_LAYER_PLUMBING.test(fnName)) return undefined;
  return !dataLayer || DATA_LAYER_DIR.test(b.module) ? fnName : undefined;
}

/** `View.incrementOrCreate(...)`, `User.findOrCreate(...)`: a model method whose name holds a write word. */
function modelCompoundWrite(recv: readonly string[], prop: string): boolean {
  const owner = recv[recv.length - 1] ?? '';
  return recv.length === 1 && /^[A-Z][a-z]/.test(owner) && /(Create|Update|Delete|Destroy|Remove|Upsert|Insert|Increment|Decrement)(?=$|[A-Z])/.test(prop);
}

/** `db.query('UPDATE ...')`: raw SQL whose first keyword is one of `verbs`. */
function sqlWrite(call: CallLike, prop: string, index: JsIndex, verbs: RegExp): boolean {
  if (!/^(query|execute|run|exec|raw)$/.test(prop) || call.arguments.length === 0) return false;
  const keyword = sqlKeyword(call, index);
  return keyword !== undefined && verbs.test(keyword);
}

function sqlKeyword(call: CallLike, index: JsIndex): string | undefined {
  return /^\s*[`'"]?\s*(\w+)/.exec(index.text(call.arguments[0] as AstNode))?.[1];
}

/** `req.query.token`, `ctx.query.code`: a one-time token or code arriving in the query string. */
function readsQueryToken(fn: FunctionLike): boolean {
  if (!fn.body) return false;
  return nodesUnder(fn.body as AstNode, 'MemberExpression').some((m) => {
    const path = memberPath(m);
    return !!path && path.length === 3 && REQUEST_PARAMS.has(path[0]) && path[1] === 'query' && ONE_TIME_TOKEN.test(path[2]);
  });
}

const CREDENTIAL_FIELD = /pass|pwd|secret|credential|token|hash|otp/i;

/**
 * The handler reads two or more named body fields (`req.body.name`, `const { a, b } = req.body`)
 * and none is a credential: it stores a plain record, so a `POST /users` is not a sign-up.
 */
/** `async (req, res) => { const key = secrets.get('bank-key'); ... }`: nothing of the request is read, so no credential either. */
function ignoresRequest(fn: FunctionLike): boolean {
  const p = fn.params[0] as AstNode | undefined;
  if (!p || p.type !== 'Identifier' || !REQUEST_PARAMS.has(p.name) || !fn.body) return false;
  return !nodesUnder(fn.body as AstNode, 'Identifier').some((i) => i.name === p.name);
}

function namedBodyFieldsWithoutCredential(fn: FunctionLike): boolean {
  const fields = new Set<string>();
  for (const m of nodesUnder(fn.body as AstNode, 'MemberExpression')) {
    const path = memberPath(m);
    if (!path || !REQUEST_PARAMS.has(path[0])) continue;
    const at = path[1] === 'body' ? 2 : path[1] === 'request' && path[2] === 'body' ? 3 : -1;
    if (at > 0 && path.length === at + 1) fields.add(path[at]);
  }
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const id = d.id as AstNode;
    const init = d.init ? memberPath(d.init as AstNode) : undefined;
    if (id.type !== 'ObjectPattern' || !init || !REQUEST_PARAMS.has(init[0]) || init[init.length - 1] !== 'body') continue;
    for (const prop of (id as unknown as { properties: AstNode[] }).properties) {
      const key = prop.type === 'Property' ? (prop as unknown as { key: AstNode }).key : undefined;
      if (key?.type === 'Identifier') fields.add(key.name);
      else return false;
    }
  }
  return fields.size >= 2 && ![...fields].some((f) => CREDENTIAL_FIELD.test(f));
}

const ONE_TIME_TOKEN = /^(token|code|otp|hash|signature|sig|nonce|ticket|verification_?token|verify_?token|confirm(ation)?_?token|activation_?(token|code)?)$/i;

const DATA_LAYER_WRITE = /^(update|delete|create|save|insert|set|remove|destroy|upsert|add|edit|modify|patch|replace|reset|change|register|archive|restore|increment|decrement|mark|assign|revoke|grant|regenerate|rotate|reissue|renew)(?=$|[A-Z_0-9])/;

/** `createStream`, `createQueryBuilder`, `setLocale`: readers and plumbing, named like writes. */
const DATA_LAYER_PLUMBING = /^(create|set)\w*(Stream|Cursor|Iterator|Reader|QueryBuilder|Query|Builder|Context|Client|Connection|Session|Transaction|Locale|Logger|Timeout|Options|Config)$|^setUp$/;

/** A write through a receiver named like a data layer (`usersRepository`, `orderService`, `notesDao`) by its verb. */
function dataLayerWrite(receiver: readonly string[], prop: string): boolean {
  const owner = receiver[receiver.length - 1];
  return !!owner && DATA_LAYER.test(owner) && !VIEW_LAYER.test(owner) && DATA_LAYER_WRITE.test(prop) && !DATA_LAYER_PLUMBING.test(prop);
}

/**
 * A service that turns records into a response (`apRendererService.addContext(doc)`,
 * `userSerializerService.addLinks(u)`, `priceFormatterService.setCurrency(...)`): its verbs shape
 * output, they store nothing.
 */
const VIEW_LAYER = /render|serializ|presenter|formatter/i;

/** The name a call chain starts from: `res` for `res.status(500).send()`, `db` for `db.users.insert()`. */
function chainRoot(call: CallLike): string {
  let n: AstNode = unwrap(call.callee as AstNode);
  for (let i = 0; i < 20; i++) {
    if (n.type === 'MemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression') n = unwrap(n.callee as AstNode);
    else break;
  }
  return n.type === 'Identifier' ? n.name : n.type === 'ThisExpression' ? 'this' : '';
}

/** Session keys that hold no identity: a login step in progress, messages, navigation, preferences. */
const NOT_IDENTITY_KEY = /^(flash|messages?|returnTo|return_to|redirect\w*|cart|basket|lang|language|locale|theme|views|visits)$/i;

/**
 * `req.session.userId = ...`: what a login stores in the session. Not the state of a login in
 * progress (`req.session.loginChallenge`, `pendingUserId`), set before anyone is signed in.
 */
export function storesInSession(path: string[] | undefined): boolean {
  if (!path || path.length < 3 || !REQUEST_PARAMS.has(path[0]) || path[1] !== 'session') return false;
  return !LOGIN_STEP_KEY.test(path[2]) && !NOT_IDENTITY_KEY.test(path[2]);
}
