// Dockerfile / Containerfile extractor: one deployment fact for the final stage, the base images
// and OS packages as dependencies, and literal secrets in ENV/ARG.
import { posix } from 'node:path';
import type { DependencyFact, DeploymentFact, Evidence, FactInput, SecretFact } from '../../../model/types.js';
import type { Extractor, SourceFile } from '../../types.js';
import { imagePurl, parseImageRef, pinOf, versionOf } from '../_lib/image.js';
import type { ImageRef } from '../_lib/image.js';
import { placeholder } from '../../../util/secret-formats.js';
import { envValueForFact, isSecretName, judgeSecret, redactText, urlPassword } from '../../../util/secrets.js';
import { addsFromUrl, copiesWholeContext, isCurlPipeShell, isRootUser, runText, usesSudo } from './checks.js';
import { osPackages } from './packages.js';
import { inheritOwnImageUser } from './own-image.js';
import { targetSources } from './targets.js';
import { envExampleCopied, envExampleSecrets } from './env-copy.js';
import { keyValues, parseDockerfile, splitWords, substitute } from './parse.js';
import type { Instruction, ParsedDockerfile } from './parse.js';
import { buildStages, chainInstructions, chainOf, rootBase } from './stages.js';
import type { Stage, StageGraph } from './stages.js';

type Omitted<T> = Omit<T, 'extractor'>;

const NAME = /^(?:(?:Dockerfile|Containerfile)(?:\.[^/]+)?|[^/]+\.(?:Dockerfile|Containerfile))$/i;
const NOT_DOCKERFILE = /\.(?:dockerignore|md|txt|orig|bak|swp)$/i;

export function isDockerfilePath(path: string): boolean {
  const base = posix.basename(path);
  return NAME.test(base) && !NOT_DOCKERFILE.test(base);
}

function evidenceAt(file: SourceFile, instruction: Instruction): Evidence {
  return {
    file: file.path,
    line: instruction.line,
    ...(instruction.endLine > instruction.line ? { endLine: instruction.endLine } : {}),
    snippet: redactText(instruction.firstLine).slice(0, 200),
  };
}

/**
 * Official Docker Hub images whose `docker-entrypoint.sh` starts the server under its own user
 * (gosu / su-exec): the container starts as root only to fix volume ownership. A Dockerfile that
 * sets its own ENTRYPOINT bypasses that script, so the exemption needs the image's entrypoint.
 */
const DROPS_PRIVILEGES = /^(postgres|mysql|mariadb|redis|mongo|rabbitmq|valkey|percona|couchdb|cassandra|elasticsearch|memcached)$/;

/** Images that default to a non-root user, so a missing USER does not mean root. */
function defaultsToNonRoot(image: ImageRef | undefined, ownEntrypoint: boolean): boolean {
  if (!image) return false;
  const tag = image.tag ?? '';
  return (
    (!image.registry && DROPS_PRIVILEGES.test(image.path) && !ownEntrypoint) ||
    /nonroot|rootless/.test(tag) ||
    image.path.includes('unprivileged') ||
    image.path.startsWith('bitnami/') ||
    (image.registry === 'cgr.dev' && !tag.includes('dev'))
  );
}

interface FinalStageView {
  env: Record<string, string>;
  ports: { container?: number; protocol?: string }[];
  runsAsRoot?: boolean;
  userLine?: number;
  healthcheck: boolean;
  copyAll: boolean;
}

function exposedPorts(words: string[]): { container?: number; protocol?: string }[] {
  const ports: { container?: number; protocol?: string }[] = [];
  for (const word of words) {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(word);
    if (!m) continue;
    const first = Number(m[1]);
    const last = Math.min(m[2] ? Number(m[2]) : first, first + 99);
    for (let p = first; p <= last; p++) ports.push({ container: p, protocol: (m[3] ?? 'tcp').toLowerCase() });
  }
  return ports;
}

/** What the final image carries: ENV, EXPOSE, USER, HEALTHCHECK, inherited through `FROM stage`. */
function viewFinalStage(final: Stage, graph: StageGraph, parsed: ParsedDockerfile): FinalStageView {
  const vars = new Map<string, string>();
  const view: FinalStageView = { env: {}, ports: [], healthcheck: false, copyAll: false };
  let user: { value: string; resolved: boolean; line: number } | undefined;
  let ownEntrypoint = false;
  for (const ins of chainInstructions(final)) {
    if (ins.keyword === 'ENTRYPOINT') ownEntrypoint = true;
    if (ins.keyword === 'ARG') {
      for (const { name, value } of keyValues(ins.args, parsed.escape, false)) {
        const inherited = value ?? graph.globalArgs.get(name);
        if (inherited !== undefined) vars.set(name, inherited);
      }
    } else if (ins.keyword === 'ENV') {
      for (const { name, value } of keyValues(ins.args, parsed.escape, true)) {
        view.env[name] = envValueForFact(name, value ?? '');
        vars.set(name, substitute(value ?? '', vars).value);
      }
    } else if (ins.keyword === 'EXPOSE') {
      view.ports.push(...exposedPorts(splitWords(substitute(ins.args, vars).value, parsed.escape)));
    } else if (ins.keyword === 'USER') {
      const { value, resolved } = substitute(ins.args.trim(), vars);
      user = { value, resolved, line: ins.line };
    } else if (ins.keyword === 'HEALTHCHECK') {
      view.healthcheck = !/^NONE\b/i.test(ins.args);
    } else if (copiesWholeContext(ins, parsed.escape)) {
      view.copyAll = true;
    }
  }
  if (!user) {
    const root = rootBase(final);
    view.runsAsRoot = !defaultsToNonRoot(parseImageRef(root.base), ownEntrypoint);
  } else if (user.resolved) {
    view.runsAsRoot = isRootUser(user.value);
    if (view.runsAsRoot) view.userLine = user.line;
  }
  return view;
}

interface BuildRisks {
  addFromUrlLine?: number;
  curlPipeShellLine?: number;
  sudo: boolean;
  secretsInBuildArgs: boolean;
}

/** Risks anywhere in the build (every stage): they shape what gets built even if not shipped. */
function buildRisks(parsed: ParsedDockerfile): BuildRisks {
  const risks: BuildRisks = { sudo: false, secretsInBuildArgs: false };
  for (const ins of parsed.instructions) {
    if (ins.keyword === 'ADD' && risks.addFromUrlLine === undefined && addsFromUrl(ins, parsed.escape)) {
      risks.addFromUrlLine = ins.line;
    } else if (ins.keyword === 'RUN') {
      const shell = runText(ins);
      if (risks.curlPipeShellLine === undefined && isCurlPipeShell(shell)) risks.curlPipeShellLine = ins.line;
      if (usesSudo(shell)) risks.sudo = true;
    } else if (ins.keyword === 'ARG') {
      if (keyValues(ins.args, parsed.escape, false).some((kv) => isSecretName(kv.name))) risks.secretsInBuildArgs = true;
    }
  }
  return risks;
}

/** COPY/ADD of local files (not `--from` another stage or image, not a URL, not a heredoc). */
function copiesFromContext(ins: Instruction, escape: string): boolean {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.from !== undefined) return false;
  const words = ins.json ?? splitWords(ins.args, escape);
  return words.slice(0, -1).some((w) => !/^(?:https?|ftp|git):\/\//i.test(w) && !w.startsWith('git@') && !w.startsWith('<<'));
}

function workloadOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '.' : posix.basename(dir);
}

/** Whether a stage's image says what to run (CMD or ENTRYPOINT, inherited ones included). */
function hasCommand(stage: Stage): boolean {
  return chainInstructions(stage).some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
}

/**
 * A command that starts a development server or a dev start script (`startup.dev.sh`, `npm run dev`,
 * `nodemon`, `next dev`, `--reload`): the image is a developer's environment, not the product's release.
 */
const DEV_COMMAND =
  /(?:^|[\s/"'=])[\w.-]*[._-](?:dev|development)(?:\.sh)?(?=$|[\s"',\]])|\b(?:nodemon|ts-node-dev)\b|\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:dev|start:dev|develop|watch)\b|\b(?:next|vite|nuxt|remix|astro)\s+dev\b|\s--reload\b|\bmanage\.py\s+runserver\b/;

function runsDevCommand(stage: Stage): boolean {
  const commands = chainInstructions(stage).filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const last = commands[commands.length - 1];
  return last !== undefined && DEV_COMMAND.test(last.json ? last.json.join(' ') : last.args);
}

/** File and stage names of images built to be built upon: `Dockerfile.base`, `builder-go.dockerfile`, `deps`. */
const BASE_NAME = /(^|[-_.])(base\d*|builder|build|deps|toolchain)([-_.]|$)/i;

/** Stage names that are never the published image: test, CI, lint, debug and dev targets. */
const NOT_PUBLISHED = /(^|[-_.])(test|tests|e2e|ci|lint|debug|dev|development)([-_.\d]|$)/;

/**
 * The stage that runs in production. Usually the last one; but when the last stage runs nothing
 * (an artifact-export or CI stage, `FROM base AS upload-artifact` + `COPY --from`) the images that
 * run are the stages with a CMD/ENTRYPOINT: the first of them that runs as root is the one to judge
 * (`release` beside an opt-in `rootless` variant), else the last. Test and dev targets are left out
 * unless nothing else runs.
 */
function deployedStage(graph: StageGraph, parsed: ParsedDockerfile): { stage: Stage; view: FinalStageView } {
  const final = graph.stages[graph.stages.length - 1];
  const finalView = () => ({ stage: final, view: viewFinalStage(final, graph, parsed) });
  if (hasCommand(final)) return finalView();
  const running = graph.stages.filter(hasCommand);
  const published = running.filter((s) => !NOT_PUBLISHED.test(s.name ?? ''));
  const candidates = published.length > 0 ? published : running;
  if (candidates.length === 0) return finalView();
  const views = candidates.map((stage) => ({ stage, view: viewFinalStage(stage, graph, parsed) }));
  return views.find((v) => v.view.runsAsRoot === true) ?? views[views.length - 1];
}

function deploymentFact(file: SourceFile, parsed: ParsedDockerfile, graph: StageGraph): Omitted<DeploymentFact> {
  const { stage: final, view } = deployedStage(graph, parsed);
  const root = rootBase(final);
  const image = root.baseResolved ? parseImageRef(root.base) : undefined;
  const risks = buildRisks(parsed);
  const isScratch = root.base.toLowerCase() === 'scratch';
  const attributes: Record<string, string | number | boolean | null> = {
    baseImageTag: isScratch ? 'scratch' : image ? pinOf(image) : 'unknown',
    addFromUrl: risks.addFromUrlLine !== undefined,
    curlPipeShell: risks.curlPipeShellLine !== undefined,
    healthcheck: view.healthcheck,
    secretsInBuildArgs: risks.secretsInBuildArgs,
    copyAll: view.copyAll,
    sudo: risks.sudo,
    stages: graph.stages.length,
    hasCommand: hasCommand(final),
  };
  // No CMD/ENTRYPOINT and named as a base or builder image (`Dockerfile.base`, `builder-go.dockerfile`,
  // `FROM node AS deps`): other images start FROM it or COPY --from it, and what runs, as whom, is
  // decided there. A runtime image that relies on its base's CMD (`FROM nginx` + COPY) is not named so.
  if (!hasCommand(final) && (BASE_NAME.test(posix.basename(file.path)) || BASE_NAME.test(final.name ?? ''))) attributes.baseImage = true;
  if (final.name) attributes.finalStage = final.name;
  if (runsDevCommand(final)) attributes.devCommand = true;
  // No COPY/ADD from the build context anywhere: the image only installs a tool (`npm i -g maildev`),
  // it does not run the code of the folder it is built from.
  if (!parsed.instructions.some((i) => copiesFromContext(i, parsed.escape))) attributes.copiesSource = false;
  for (const ins of chainInstructions(final)) {
    const copied = envExampleCopied(ins, parsed.escape);
    if (copied === undefined) continue;
    attributes.envExampleCopy = copied;
    attributes.envExampleCopyLine = ins.line;
    break;
  }
  const targets = targetSources(graph, parsed);
  if (targets) attributes.targetSources = targets;
  // Lines of the instructions behind the flags above, so rules can cite them (never part of a key).
  if (risks.addFromUrlLine !== undefined) attributes.addFromUrlLine = risks.addFromUrlLine;
  if (risks.curlPipeShellLine !== undefined) attributes.curlPipeShellLine = risks.curlPipeShellLine;
  if (view.userLine !== undefined) attributes.userLine = view.userLine;
  const dir = posix.dirname(file.path);
  return {
    kind: 'deployment',
    platform: 'docker',
    workload: workloadOf(file.path),
    resourceType: 'dockerfile',
    image: isScratch ? 'scratch' : image ? root.base : root.rawBase,
    buildContext: dir,
    ports: view.ports,
    ...(view.runsAsRoot !== undefined ? { runsAsRoot: view.runsAsRoot } : {}),
    env: view.env,
    attributes,
    evidence: evidenceAt(file, final.from),
    key: `${file.path}#deployment`,
  };
}

function distroOf(stage: Stage): string {
  const base = rootBase(stage).base.toLowerCase();
  if (base.includes('alpine')) return 'alpine';
  if (base.includes('ubuntu')) return 'ubuntu';
  return 'debian';
}

function dependencyFacts(file: SourceFile, graph: StageGraph): Omitted<DependencyFact>[] {
  const final = graph.stages[graph.stages.length - 1];
  const shipped = new Set(chainOf(final).map((s) => s.index));
  const facts: Omitted<DependencyFact>[] = [];
  const seen = new Set<string>();
  const push = (fact: Omitted<DependencyFact>): void => {
    const id = `${fact.ecosystem}\u0000${fact.name}\u0000${fact.version}\u0000${fact.scope}`;
    if (seen.has(id)) return;
    seen.add(id);
    facts.push(fact);
  };
  for (const stage of graph.stages) {
    const scope = shipped.has(stage.index) ? 'prod' : 'dev';
    const image = !stage.parent && stage.baseResolved ? parseImageRef(stage.base) : undefined;
    if (image && image.path !== 'scratch') {
      push({
        kind: 'dependency',
        ecosystem: 'docker',
        name: image.name,
        version: versionOf(image),
        direct: true,
        scope,
        manifest: file.path,
        purl: imagePurl(image),
        evidence: evidenceAt(file, stage.from),
        key: `${file.path}#dependency:docker:${image.name}`,
      });
    }
    for (const run of stage.body.filter((i) => i.keyword === 'RUN')) {
      for (const pkg of osPackages(runText(run))) {
        const namespace = pkg.ecosystem === 'apk' ? 'alpine' : distroOf(stage);
        const version = pkg.version ? `@${encodeURIComponent(pkg.version)}` : '';
        push({
          kind: 'dependency',
          ecosystem: pkg.ecosystem,
          name: pkg.name,
          version: pkg.version,
          direct: true,
          scope,
          manifest: file.path,
          purl: `pkg:${pkg.ecosystem}/${namespace}/${encodeURIComponent(pkg.name)}${version}`,
          evidence: evidenceAt(file, run),
          key: `${file.path}#dependency:${pkg.ecosystem}:${pkg.name}`,
        });
      }
    }
  }
  return facts;
}

/**
 * `ENV DATABASE_URL=postgresql://user:pass@localhost:5432/dummy` in a stage that is only built, not
 * shipped: a placeholder so a build step (`next build`, `prisma generate`) can parse a URL; nothing
 * listens there and the value never reaches the running image.
 */
function buildPlaceholder(value: string | undefined, shipped: boolean): boolean {
  if (shipped || value === undefined) return false;
  const password = urlPassword(value);
  if (password === undefined) return false;
  return placeholder(password) || /@(localhost|127\.0\.0\.1|0\.0\.0\.0)(:\d+)?(\/|$)/.test(value);
}

function secretFacts(file: SourceFile, parsed: ParsedDockerfile, graph: StageGraph, shippedLines: Set<number>): Omitted<SecretFact>[] {
  const facts: Omitted<SecretFact>[] = [];
  const inStage = new Set(graph.stages.flatMap((s) => s.body.map((i) => i.line)));
  for (const ins of parsed.instructions) {
    if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
    // Global ARGs (before the first FROM) count as shipped: they may reach any stage.
    const shipped = !inStage.has(ins.line) || shippedLines.has(ins.line);
    for (const { name, value } of keyValues(ins.args, parsed.escape, ins.keyword === 'ENV')) {
      const secret = value === undefined || buildPlaceholder(value, shipped) ? undefined : judgeSecret(name, value);
      if (!secret) continue;
      facts.push({
        kind: 'secret',
        secretType: secret.secretType,
        redacted: secret.redacted,
        ...(secret.usage ? { usage: secret.usage } : {}),
        evidence: evidenceAt(file, ins),
        key: `${file.path}#secret:${ins.keyword}:${name}`,
      });
    }
  }
  return facts;
}

export const extractor: Extractor = {
  id: 'iac/dockerfile',
  title: 'Dockerfile and Containerfile',
  matches: isDockerfilePath,
  signals: ['FROM', 'from', 'From'],
  extract(file, ctx) {
    const parsed = ctx.parse('dockerfile', () => parseDockerfile(file.content));
    const graph = buildStages(parsed);
    if (graph.stages.length === 0) {
      ctx.diagnostic({ level: 'info', code: 'parse-error', message: 'no FROM instruction: not a buildable Dockerfile' });
      return null;
    }
    const shippedLines = new Set(chainInstructions(deployedStage(graph, parsed).stage).map((i) => i.line));
    const deployment = deploymentFact(file, parsed, graph);
    const secrets = secretFacts(file, parsed, graph, shippedLines);
    // Secrets of stages the running image does not inherit (`ARG KEY=CAFEBABE` in an installer
    // stage): the rule weighs them as build-time values, not as secrets shipped in the image.
    const buildOnly = [...new Set(secrets.map((f) => f.evidence.line).filter((l) => !shippedLines.has(l) && graph.stages.some((st) => st.body.some((i) => i.line === l))))];
    if (buildOnly.length > 0) deployment.attributes = { ...deployment.attributes, buildOnlySecretLines: buildOnly.join(',') };
    const facts: FactInput[] = [deployment, ...dependencyFacts(file, graph), ...secrets];
    return facts;
  },
  link: (facts) => envExampleSecrets(inheritOwnImageUser(facts)),
};
