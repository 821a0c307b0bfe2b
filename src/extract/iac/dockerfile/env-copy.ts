// `RUN cp env-example .env`, `COPY .env.example .env`: the image's runtime configuration is the
// project's example file, so whatever example secrets it holds (`AUTH_JWT_SECRET=secret`) ship in
// the image and are the running app's real keys unless every deployment overrides each of them.
import { posix } from 'node:path';
import type { DeploymentFact, Fact, SecretFact } from '../../../model/types.js';
import { redactText } from '../../../util/secrets.js';
import { runText } from './checks.js';
import type { Instruction } from './parse.js';
import { splitWords } from './parse.js';

const EXAMPLE = /(?:example|sample|template|dist)/i;
/** `cp [-a] <src> [<dir>/].env` inside a RUN (also after `if [ ! -f .env ]; then`). */
const CP_TO_ENV = /\bcp\s+(?:-[a-zA-Z]+\s+)*(["']?)([\w./-]+)\1\s+(["']?)((?:[\w./-]*\/)?\.env)\3(?=$|[\s;&|)])/g;

/** The example file an instruction copies into `.env`, if it does. */
export function envExampleCopied(ins: Instruction, escape: string): string | undefined {
  if (ins.keyword === 'RUN') {
    for (const m of runText(ins).matchAll(CP_TO_ENV)) if (EXAMPLE.test(posix.basename(m[2]))) return m[2];
    return undefined;
  }
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  if (ins.flags.from !== undefined) return undefined;
  const words = ins.json ?? splitWords(ins.args, escape);
  const dest = words[words.length - 1];
  const source = words.length === 2 ? words[0] : undefined;
  return source && dest && posix.basename(dest) === '.env' && EXAMPLE.test(posix.basename(source)) ? source : undefined;
}

/**
 * Link step: a Dockerfile that copies an example env file holding secret values (the dotenv
 * extractor's `env-example` facts) gets one secret fact at the copying line.
 */
export function envExampleSecrets(facts: Fact[]): Fact[] {
  const examples = facts.filter((f) => f.kind === 'config' && f.setting === 'env-example');
  if (examples.length === 0) return facts;
  const added: SecretFact[] = [];
  for (const fact of facts) {
    if (fact.kind !== 'deployment' || fact.platform !== 'docker') continue;
    const source = fact.attributes?.envExampleCopy;
    const line = fact.attributes?.envExampleCopyLine;
    if (typeof source !== 'string' || typeof line !== 'number') continue;
    const example = exampleFor(source, fact, examples);
    if (!example || example.kind !== 'config') continue;
    const names = Object.keys(example.values).sort();
    const first = names[0];
    added.push({
      kind: 'secret',
      extractor: 'iac/dockerfile',
      secretType: 'generic-secret',
      redacted: `${first}=****${names.length > 1 ? ` and ${names.length - 1} more` : ''}, copied from ${example.evidence.file} into .env`,
      evidence: { file: fact.evidence.file, line, snippet: redactText(`copies ${source} to .env`) },
      key: `${fact.evidence.file}#secret:env-copy:${first}`,
    });
  }
  return added.length === 0 ? facts : [...facts, ...added];
}

/** The example file copied: the one at that path under the Dockerfile's folder, else the only one with that name. */
function exampleFor(source: string, docker: DeploymentFact, examples: Fact[]): Fact | undefined {
  const dir = posix.dirname(docker.evidence.file);
  const exact = posix.normalize(posix.join(dir, source.replace(/^\/+/, '')));
  const named = examples.filter((e) => posix.basename(e.evidence.file) === posix.basename(source));
  return named.find((e) => e.evidence.file === exact) ?? (named.length === 1 ? named[0] : undefined);
}
