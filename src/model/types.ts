// The contracts between pipeline stages (DESIGN §3). Everything here is plain JSON-serialisable
// data so facts can cross worker threads and models can be written, diffed and cached.

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Level = 'low' | 'medium' | 'high';
export type StrideLetter = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';
export type AuthLevel = 'none' | 'user' | 'admin' | 'unknown';
export type Exposure = 'internet' | 'internal' | 'none';
export type Classification = 'public' | 'internal' | 'confidential' | 'restricted';

/** A citation into the scanned repository: repository-relative posix path, 1-based line. */
export interface Evidence {
  file: string;
  line: number;
  endLine?: number;
  /** At most 3 lines, secrets redacted. */
  snippet?: string;
  /** Who last changed the cited line (git blame), when the source is a git repository. */
  blame?: Blame;
}

/** The commit that last changed a line, from `git blame` (never the working tree's uncommitted edits). */
export interface Blame {
  commit: string;
  author: string;
  email?: string;
  /** Author date, ISO 8601 in UTC. */
  date: string;
}

// ---------------------------------------------------------------------------------------------
// Facts: what extractors saw. `key` is a stable locator that does not contain line numbers
// (file + enclosing symbol + api), so ids survive code moving within a file.
// ---------------------------------------------------------------------------------------------

interface FactBase {
  evidence: Evidence;
  /** Extractor id, e.g. `js/express`. Filled in by the engine. */
  extractor: string;
  /** Stable locator without line numbers; the engine defaults it to file + kind + index. */
  key?: string;
}

export type EntrypointProtocol = 'http' | 'grpc' | 'graphql' | 'websocket' | 'queue' | 'cli';

export interface EntrypointFact extends FactBase {
  kind: 'entrypoint';
  protocol: EntrypointProtocol;
  framework: string;
  method?: string;
  path?: string;
  /** Where the handler is defined, when known. */
  handler?: { file: string; line: number; name?: string };
  /** Middleware / guard names in the order they run. */
  middleware: string[];
  auth: AuthLevel;
  /** What made us decide `auth` (e.g. `passport.authenticate('jwt')`, `isAdmin`). */
  authEvidence?: string[];
  /** Flags a route extractor can set for rules: login/reset/otp, file upload, state-changing... */
  tags?: string[];
}

export type AuthMechanism = 'jwt' | 'session' | 'api-key' | 'basic' | 'oauth' | 'custom';

export interface AuthFact extends FactBase {
  kind: 'auth';
  mechanism: AuthMechanism;
  library?: string;
  /** Whether this site defines an authentication guard, or only uses one. */
  role: 'guard-definition' | 'guard-use' | 'token-issue' | 'token-verify' | 'config';
  name?: string;
  details?: Record<string, string | number | boolean | null>;
}

export type StoreKind = 'database' | 'cache' | 'storage' | 'queue' | 'search';

export interface DatastoreClientFact extends FactBase {
  kind: 'datastore-client';
  /** Normalised technology: postgres, mysql, mongodb, redis, sqlite, s3, kafka, ... */
  tech: string;
  storeKind: StoreKind;
  library: string;
  /** Connection target: env var name (`env:DATABASE_URL`), host, or file path. */
  target?: string;
}

export interface OutboundCallFact extends FactBase {
  kind: 'outbound-call';
  protocol: string;
  library: string;
  /** Literal host, `env:NAME`, or undefined when dynamic. */
  target?: string;
  /** Named third party (stripe, sendgrid, aws-s3...) when recognisable. */
  service?: string;
  /** The URL is influenced by the request (feeds the SSRF rules). */
  tainted: boolean;
}

export type SinkKind =
  | 'sql'
  | 'nosql'
  | 'command'
  | 'code-eval'
  | 'path'
  | 'deserialize'
  | 'template'
  | 'redirect'
  | 'xml'
  | 'ssrf'
  | 'log'
  | 'html'
  | 'regex'
  | 'merge'
  | 'mass-assignment'
  | 'archive'
  | 'header'
  | 'xpath'
  | 'ldap'
  | 'xml-injection';

/**
 * An `ssrf` sink's api ends with this and a path when a headless browser loads a page of the
 * server itself with request data in its query (`page.goto page /ticket`): the browser reaches
 * further only where that page prints the data unescaped, which the ssrf rule decides.
 */
export const SELF_PAGE_SINK = ' page ';

export interface SinkFact extends FactBase {
  kind: 'sink';
  sink: SinkKind;
  /** The dangerous API, e.g. `child_process.exec`, `sequelize.query`. */
  api: string;
  /** A request-controlled value reaches the sink. */
  tainted: boolean;
  /** Description of the source, e.g. `req.query.q`. */
  source?: string;
  /** Entry point (method + path) whose handler contains the sink, when known. */
  route?: string;
  /** Intermediate steps of the taint path, for explanation. */
  path?: Evidence[];
  /**
   * What the code does with a lookup's result: it must still pass a password check, or it only
   * answers whether a record exists. Absent when the record is returned or used otherwise.
   */
  resultUse?: 'password-checked' | 'existence';
}

export interface CryptoFact extends FactBase {
  kind: 'crypto';
  algorithm: string;
  purpose: 'password' | 'token' | 'signature' | 'encryption' | 'hash' | 'random' | 'tls' | 'unknown';
  weak: boolean;
  reason?: string;
}

export interface SecretFact extends FactBase {
  kind: 'secret';
  secretType: string;
  /** Never the secret itself: a redacted rendering such as `sk_live_****`. */
  redacted: string;
  /** Where it is used: jwt, database, api-key... */
  usage?: string;
  /** A sample file's stand-in the operator is told to replace (`REPLACE_WITH_LONG_SECRET`). */
  placeholder?: boolean;
  /** Key of the first secret fact of the same file holding the same credential (Compose). */
  sameAs?: string;
}

export interface LlmCallFact extends FactBase {
  kind: 'llm-call';
  provider: string;
  tools: boolean;
  outputHandling?: string;
}

export interface ConfigFact extends FactBase {
  kind: 'config';
  /** cors, cookie, session, headers, rate-limit, debug, tls, csrf, body-limit, upload, jwt, error-handler, static ... */
  setting: string;
  /** Normalised values; rules read these, never raw code. */
  values: Record<string, string | number | boolean | null>;
  /** Short rendering of what was configured. */
  summary?: string;
}

export interface DeploymentFact extends FactBase {
  kind: 'deployment';
  platform: 'docker' | 'compose' | 'kubernetes' | 'helm' | 'terraform' | 'cloudformation' | 'serverless' | 'other';
  /** Workload / service / resource name. */
  workload: string;
  resourceType?: string;
  image?: string;
  /** Source folder this workload is built from, repository-relative (`.` for the root). */
  buildContext?: string;
  ports?: { container?: number; published?: number; protocol?: string }[];
  exposure?: Exposure;
  privileged?: boolean;
  runsAsRoot?: boolean;
  hostAccess?: string[];
  /** Environment variables: values redacted when secret-like. */
  env?: Record<string, string>;
  dependsOn?: string[];
  volumes?: string[];
  networks?: string[];
  secrets?: string[];
  /** Free-form facts for IaC rules (public bucket, open security group, ...). */
  attributes?: Record<string, string | number | boolean | null>;
}

export interface DependencyFact extends FactBase {
  kind: 'dependency';
  ecosystem: string;
  name: string;
  version: string;
  direct: boolean;
  scope?: 'prod' | 'dev' | 'optional' | 'peer';
  manifest: string;
  /** Package URL when it can be formed. */
  purl?: string;
}

/** A package / project root (package.json, go.mod, pyproject...): how services are found. */
export interface ProjectFact extends FactBase {
  kind: 'project';
  name: string;
  /** Folder of the manifest, repository-relative (`.` for the root). */
  root: string;
  language: string;
  ecosystem: string;
  /** Frameworks and notable libraries declared: express, react, next, flask... */
  frameworks: string[];
  role: 'service' | 'frontend' | 'library' | 'function' | 'cli' | 'unknown';
}

/** A data model / schema (ORM model, JSON schema, migration) and what its fields hold. */
export interface DataModelFact extends FactBase {
  kind: 'data-model';
  name: string;
  fields: string[];
  library?: string;
  classification: Classification;
  categories: string[];
}

/** An import of a package by a source file (feeds reachability of vulnerable dependencies). */
export interface ImportFact extends FactBase {
  kind: 'import';
  module: string;
  symbols?: string[];
}

/**
 * Who owns which paths: one fact per CODEOWNERS rule, in file order (the last matching rule wins,
 * as on GitHub and GitLab).
 */
export interface OwnershipFact extends FactBase {
  kind: 'ownership';
  /** The path pattern as written (`*`, `/api/`, `*.js`, `docs/**`). */
  pattern: string;
  /** `@user`, `@org/team` or e-mail addresses; empty when the rule clears ownership. */
  owners: string[];
  /** The file the rule comes from (`CODEOWNERS`, `.github/CODEOWNERS`...). */
  source: string;
  /** GitLab section (`[Backend]`), when any. */
  section?: string;
}

export type Fact =
  | EntrypointFact
  | AuthFact
  | DatastoreClientFact
  | OutboundCallFact
  | SinkFact
  | CryptoFact
  | SecretFact
  | LlmCallFact
  | ConfigFact
  | DeploymentFact
  | DependencyFact
  | ProjectFact
  | DataModelFact
  | ImportFact
  | OwnershipFact;

export type FactKind = Fact['kind'];
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;

/** What an extractor returns; the engine fills `extractor` and default keys. */
export type FactInput = Fact extends infer F ? (F extends Fact ? Omit<F, 'extractor'> & { extractor?: string } : never) : never;

// ---------------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------------

export interface Diagnostic {
  level: 'info' | 'warning' | 'error';
  /** Machine code: skipped-binary, skipped-size, skipped-symlink, parse-error, config-error... */
  code: string;
  message: string;
  file?: string;
  line?: number;
}

// ---------------------------------------------------------------------------------------------
// The model (DESIGN §3.2)
// ---------------------------------------------------------------------------------------------

export type ComponentKind = 'service' | 'frontend' | 'datastore' | 'queue' | 'storage' | 'external' | 'function' | 'actor';

export interface Component {
  id: string;
  name: string;
  kind: ComponentKind;
  tech: string[];
  language?: string;
  paths: string[];
  exposure: Exposure;
  trustZone: string;
  /** One line on why the component exists and why it is exposed the way it is. */
  notes?: string[];
  evidence: Evidence[];
}

export interface Flow {
  id: string;
  from: string;
  to: string;
  protocol: string;
  authenticated: boolean | 'unknown';
  encrypted: boolean | 'unknown';
  data: string[];
  /** Trust boundaries crossed (ids). */
  crosses: string[];
  evidence: Evidence[];
}

export interface TrustBoundary {
  id: string;
  name: string;
  kind: 'internet' | 'dmz' | 'internal' | 'data' | 'third-party' | 'cluster' | 'ci' | 'client';
  components: string[];
}

export interface EntryPoint {
  id: string;
  component: string;
  kind: EntrypointProtocol;
  method?: string;
  path?: string;
  auth: AuthLevel;
  framework?: string;
  middleware: string[];
  handler?: { file: string; line: number; name?: string };
  exposure: Exposure;
  tags: string[];
  evidence: Evidence[];
}

export interface Asset {
  id: string;
  name: string;
  classification: Classification;
  categories: string[];
  storedIn: string[];
  evidence: Evidence[];
}

export interface Dependency {
  ecosystem: string;
  name: string;
  version: string;
  direct: boolean;
  scope?: string;
  component: string;
  manifest: string;
  purl?: string;
}

export interface Grammar {
  threatSource: string;
  prerequisites: string;
  threatAction: string;
  threatImpact: string;
  impactedGoal: string[];
  impactedAssets: string[];
}

export interface ScoreFactor {
  name: string;
  /** How the factor moved the score, e.g. "+1 likelihood". */
  effect: string;
  detail: string;
}

export interface Score {
  /** 0–10. */
  value: number;
  likelihood: number;
  impact: number;
  factors: ScoreFactor[];
  /** One-line explanation. */
  explanation: string;
  cvss?: { vector: string; score: number };
}

export type ThreatStatus = 'open' | 'mitigated' | 'accepted' | 'suppressed' | 'resolved';

export interface Threat {
  id: string;
  ruleId: string;
  title: string;
  /** What the finding is about, one or two sentences. */
  description: string;
  stride: StrideLetter[];
  cwe: string[];
  capec: string[];
  attack: string[];
  owasp: string[];
  severity: Severity;
  score: Score;
  elements: string[];
  evidence: Evidence[];
  grammar: Grammar;
  statement: string;
  mitigations: string[];
  status: ThreatStatus;
  statusReason?: string;
  source: 'rule' | 'ai' | 'manual';
  confidence: Level;
  /** Architectural threats cite no code line; they name elements. */
  architectural: boolean;
  /** Concrete remediation at the evidence location. */
  remediation?: string;
}

export interface Controls {
  cwe?: string[];
  asvs?: string[];
  nist80053?: string[];
  owasp?: string[];
}

export interface Mitigation {
  id: string;
  title: string;
  content: string;
  controls: Controls;
  remediation: string;
  status: 'proposed' | 'in-progress' | 'implemented' | 'wont-fix';
  threats: string[];
}

export interface Assumption {
  id: string;
  content: string;
  source: 'config' | 'inferred';
  threats: string[];
}

export interface KillChainStep {
  threat?: string;
  advisory?: string;
  from: string;
  to: string;
  description: string;
}

export interface KillChain {
  id: string;
  entry: string;
  target: string;
  steps: KillChainStep[];
  likelihood: number;
  severity: Severity;
  escalation: boolean;
  narrative: string;
  evidence: Evidence[];
  breakWith?: { mitigation?: string; threat: string; description: string };
}

export interface ProductInfo {
  name: string;
  description?: string;
  repository?: string;
  commit?: string;
  branch?: string;
  languages: string[];
  owners: string[];
}

export const MODEL_SCHEMA = 'threatcode.model/v1';

export interface ThreatModel {
  schema: typeof MODEL_SCHEMA;
  generator: { name: 'threatcode'; version: string };
  product: ProductInfo;
  components: Component[];
  flows: Flow[];
  trustBoundaries: TrustBoundary[];
  entryPoints: EntryPoint[];
  assets: Asset[];
  dependencies: Dependency[];
  threats: Threat[];
  mitigations: Mitigation[];
  assumptions: Assumption[];
  killChains: KillChain[];
  diagnostics: Diagnostic[];
}
