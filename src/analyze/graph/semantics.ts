// What a weakness gives an attacker, decided from rule metadata (CWE first, then ATT&CK technique,
// then generic words in the rule id and title), never from the rule ids of one project. Scoring
// (privileges gained), the CVSS derivation and the attack graph all read this one table, so the
// three can never disagree about what a finding means. The table is documented in readme.md.
import type { StrideLetter } from '../../model/types.js';

/** The gain class of a weakness: which attacker state it leads to (see readme.md, "Edge table"). */
export type WeaknessClass =
  | 'ssrf'
  | 'code-exec'
  | 'upload-exec'
  | 'file-write'
  | 'file-read'
  | 'data-injection'
  | 'missing-authn'
  | 'missing-authz'
  | 'privilege-escalation'
  | 'token-forgery'
  | 'account-takeover'
  | 'hardcoded-secret'
  | 'secret-disclosure'
  | 'data-disclosure'
  | 'xss'
  | 'csrf'
  | 'container-escape'
  | 'workload-identity'
  | 'container-root'
  | 'exposed-service'
  | 'cleartext'
  | 'dos';

export interface WeaknessSignal {
  cwe: readonly string[];
  stride: readonly StrideLetter[];
  attack?: readonly string[];
  ruleId?: string;
  /** Title and description: only generic words are looked for (privileged, docker socket, jwt...). */
  title?: string;
  description?: string;
}

const CWE_CLASS: Record<string, WeaknessClass> = {
  'CWE-918': 'ssrf',
  'CWE-441': 'ssrf',
  'CWE-77': 'code-exec',
  'CWE-78': 'code-exec',
  'CWE-88': 'code-exec',
  'CWE-94': 'code-exec',
  'CWE-95': 'code-exec',
  'CWE-96': 'code-exec',
  'CWE-97': 'code-exec',
  'CWE-98': 'code-exec',
  'CWE-470': 'code-exec',
  'CWE-502': 'code-exec',
  'CWE-917': 'code-exec',
  'CWE-1336': 'code-exec',
  'CWE-434': 'upload-exec',
  'CWE-22': 'file-read',
  'CWE-23': 'file-read',
  'CWE-36': 'file-read',
  'CWE-73': 'file-read',
  'CWE-552': 'file-read',
  'CWE-89': 'data-injection',
  'CWE-564': 'data-injection',
  'CWE-943': 'data-injection',
  'CWE-90': 'data-injection',
  'CWE-643': 'data-injection',
  'CWE-306': 'missing-authn',
  'CWE-288': 'missing-authn',
  'CWE-425': 'missing-authn',
  'CWE-862': 'missing-authz',
  'CWE-863': 'missing-authz',
  'CWE-285': 'missing-authz',
  'CWE-284': 'missing-authz',
  'CWE-639': 'missing-authz',
  'CWE-566': 'missing-authz',
  'CWE-269': 'privilege-escalation',
  'CWE-266': 'privilege-escalation',
  'CWE-915': 'privilege-escalation',
  'CWE-648': 'privilege-escalation',
  'CWE-347': 'token-forgery',
  'CWE-345': 'token-forgery',
  'CWE-290': 'token-forgery',
  'CWE-1390': 'token-forgery',
  'CWE-287': 'account-takeover',
  'CWE-307': 'account-takeover',
  'CWE-330': 'account-takeover',
  'CWE-331': 'account-takeover',
  'CWE-338': 'account-takeover',
  'CWE-340': 'account-takeover',
  'CWE-384': 'account-takeover',
  'CWE-521': 'account-takeover',
  'CWE-613': 'account-takeover',
  'CWE-620': 'account-takeover',
  'CWE-640': 'account-takeover',
  'CWE-798': 'hardcoded-secret',
  'CWE-259': 'hardcoded-secret',
  'CWE-321': 'hardcoded-secret',
  'CWE-260': 'hardcoded-secret',
  'CWE-547': 'hardcoded-secret',
  'CWE-540': 'hardcoded-secret',
  'CWE-615': 'hardcoded-secret',
  'CWE-215': 'secret-disclosure',
  'CWE-526': 'secret-disclosure',
  'CWE-538': 'secret-disclosure',
  'CWE-200': 'data-disclosure',
  'CWE-359': 'data-disclosure',
  'CWE-213': 'data-disclosure',
  'CWE-79': 'xss',
  'CWE-80': 'xss',
  'CWE-352': 'csrf',
  'CWE-942': 'csrf',
  'CWE-346': 'csrf',
  'CWE-653': 'container-escape',
  'CWE-250': 'container-root',
  'CWE-1327': 'exposed-service',
  'CWE-668': 'exposed-service',
  'CWE-319': 'cleartext',
  'CWE-311': 'cleartext',
  'CWE-295': 'cleartext',
  'CWE-297': 'cleartext',
  'CWE-400': 'dos',
  'CWE-770': 'dos',
  'CWE-799': 'dos',
  'CWE-1333': 'dos',
  'CWE-674': 'dos',
  'CWE-834': 'dos',
  'CWE-835': 'dos',
  'CWE-409': 'dos',
  'CWE-776': 'dos',
};

/**
 * When several CWEs of one rule map to different classes, the one giving the most wins (a rule
 * listing CWE-798 and CWE-526 is a hard-coded secret, not only a disclosure).
 */
const PRECEDENCE: readonly WeaknessClass[] = [
  'container-escape',
  'workload-identity',
  'code-exec',
  'upload-exec',
  'ssrf',
  'data-injection',
  'token-forgery',
  'hardcoded-secret',
  'privilege-escalation',
  'missing-authn',
  'missing-authz',
  'account-takeover',
  'secret-disclosure',
  'file-write',
  'file-read',
  'xss',
  'data-disclosure',
  'exposed-service',
  'csrf',
  'cleartext',
  'container-root',
  'dos',
];

/** Generic vocabulary of rule ids and titles, used only when no CWE or technique decided. */
const WORDS: readonly [RegExp, WeaknessClass][] = [
  [/\bssrf\b|server-side request/i, 'ssrf'],
  [/command[- ]injection|code[- ]injection|\brce\b|remote code|\beval\b|deserial|template[- ]injection/i, 'code-exec'],
  [/upload/i, 'upload-exec'],
  [/sql[- ]?injection|\bsqli\b|nosql[- ]injection/i, 'data-injection'],
  [/path[- ]traversal|directory[- ]traversal/i, 'file-read'],
  [/hard-?coded|secret[- ]in[- ]/i, 'hardcoded-secret'],
  [/missing[- ]auth(entication)?\b|unauthenticated/i, 'missing-authn'],
  [/\bidor\b|\bbola\b|object[- ]level|missing[- ]authori[sz]ation/i, 'missing-authz'],
  [/\bxss\b|cross[- ]site scripting/i, 'xss'],
];

/** Words of a rule id or title that make a CWE-250/T1611 container finding an escape, not only root inside. */
const ESCAPE_WORDS = /privileged|docker\.sock|docker socket|reaches into its host|host (pid|network|ipc) namespace/i;

const IDENTITY_WORDS = /service[- ]?account|cluster-?admin|iam role|instance (profile|role)|workload identity|automount/i;
const IDENTITY_CWES = new Set(['CWE-250', 'CWE-269', 'CWE-732', 'CWE-272', 'CWE-266']);

/**
 * Files kept under the web root (CWE-219), such as uploads served as they are: what leaks is those
 * files (other users' documents), not the service's configuration or a foothold on it, so the
 * finding is reported alone and is no step of a chain.
 */
const SERVED_FILES_ONLY = 'CWE-219';

export function classifyWeakness(signal: WeaknessSignal): WeaknessClass | undefined {
  if (signal.cwe.some((c) => c.toUpperCase() === SERVED_FILES_ONLY) && !/traversal/i.test(`${signal.ruleId ?? ''} ${signal.title ?? ''}`)) return undefined;
  const found = new Set<WeaknessClass>();
  for (const cwe of signal.cwe) {
    let cls = CWE_CLASS[cwe.toUpperCase()];
    // Data authenticity (CWE-345) is a forged token only when a token or session is what goes
    // unverified; an unsigned message (a forged webhook event) is a function used without authentication.
    if (cls === 'token-forgery' && cwe.toUpperCase() === 'CWE-345' && !isSigningKeyFinding(signal)) cls = 'missing-authn';
    if (cls) found.add(cls);
  }
  const attack = signal.attack ?? [];
  const named = `${signal.ruleId ?? ''} ${signal.title ?? ''}`;
  if (attack.some((t) => t.startsWith('T1611')) && ESCAPE_WORDS.test(named)) found.add('container-escape');
  // A workload identity (Kubernetes service account, cloud role) with broad rights: a foothold inherits them.
  if (IDENTITY_WORDS.test(named) && signal.cwe.some((c) => IDENTITY_CWES.has(c.toUpperCase()))) found.add('workload-identity');
  // A path traversal that writes (tampering) can overwrite code: treat it as a way to execute.
  if (found.has('file-read') && signal.stride.includes('T') && /writ|upload|overwrit|extract|zip/i.test(`${named} ${signal.description ?? ''}`)) found.add('file-write');
  for (const cls of PRECEDENCE) if (found.has(cls)) return cls;
  if (attack.some((t) => t === 'T1059' || t.startsWith('T1059.') || t === 'T1203')) return 'code-exec';
  for (const [pattern, cls] of WORDS) if (pattern.test(named)) return cls;
  return undefined;
}

/** Whether a finding is about session or token signing (a forged token names any user, admins too). */
export function isSigningKeyFinding(signal: WeaknessSignal): boolean {
  return signal.cwe.includes('CWE-321') || /jwt|signing|session[_ -]?secret|token[_ -]?secret/i.test(`${signal.ruleId ?? ''} ${signal.title ?? ''} ${signal.description ?? ''}`);
}

/** What the class gives, in the words of the score explanation ("privileges gained"). */
export const GAIN_WORDS: Record<WeaknessClass, string> = {
  ssrf: 'requests from the service network position',
  'code-exec': 'code execution in the component',
  'upload-exec': 'code execution if the uploaded file is run or interpreted',
  'file-write': 'overwriting files the component runs',
  'file-read': 'reading files of the component, its configuration and secrets included',
  'data-injection': 'read and write access to the database',
  'missing-authn': 'use of functions that should require a login',
  'missing-authz': 'other users\u2019 data or administrator functions',
  'privilege-escalation': 'administrator rights',
  'token-forgery': 'forged sessions for any user, administrators included',
  'account-takeover': 'takeover of user accounts',
  'hardcoded-secret': 'the credentials written in the code or configuration',
  'secret-disclosure': 'the component\u2019s secrets',
  'data-disclosure': 'disclosure of data',
  xss: 'the session of a user who views the content',
  csrf: 'actions in the name of a logged-in user',
  'container-escape': 'control of the container host',
  'workload-identity': 'the cluster or cloud rights of the workload identity',
  'container-root': 'root inside the container',
  'exposed-service': 'direct network access to the service',
  cleartext: 'data and credentials on the wire',
  dos: 'loss of availability',
};

/** Impact adjustment for the privileges a class gives (score factor "privileges"). */
export const GAIN_IMPACT: Partial<Record<WeaknessClass, number>> = {
  'code-exec': 0.1,
  'container-escape': 0.1,
  'workload-identity': 0.1,
  'token-forgery': 0.05,
  'privilege-escalation': 0.05,
  'data-injection': 0.05,
  'hardcoded-secret': 0.05,
  'secret-disclosure': 0.05,
};
