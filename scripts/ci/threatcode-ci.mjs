#!/usr/bin/env node
// The CI driver behind action.yml and the GitLab template, runnable locally:
//   node scripts/ci/threatcode-ci.mjs --base origin/main [--head HEAD] [--fail-on high] [--dry-run]
// It runs `threatcode diff`, writes the SARIF and the comment, posts or updates ONE pull-request
// (merge-request) comment, publishes step outputs, and exits with the gate's code (0 pass, 1 fail,
// 2 error). Plain Node 20, no dependencies. The token is only ever sent to the configured API URL.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const MARKER = '<!-- threatcode:pr-comment -->';
const USAGE = `node scripts/ci/threatcode-ci.mjs [options]

  --source <dir>       repository to diff (default .)
  --base <ref>         base commit (default: from the CI event: PR base, MR diff base)
  --head <ref>         head commit (default: from the CI event, else the work tree)
  --fail-on <level>    critical, high, medium, low or none (default high)
  --out-dir <dir>      where threatcode.sarif, threatcode-comment.md and threatcode-delta.json go (default .threatcode-ci)
  --comment <mode>     on-change (default: post when something changed, update an existing comment always),
                       always, or never
  --platform <name>    github, gitlab or local (default: detected from the environment)
  --no-fail            exit 0 even when the gate fails
  --dry-run            print the API requests instead of sending them

Environment: THREATCODE_CMD (JSON array, default ["threatcode"]); GitHub: GITHUB_TOKEN,
GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY; GitLab: THREATCODE_GITLAB_TOKEN (a token with api scope), CI_API_V4_URL,
CI_PROJECT_ID, CI_MERGE_REQUEST_IID, CI_MERGE_REQUEST_DIFF_BASE_SHA, CI_COMMIT_SHA, CI_PROJECT_URL.`;

const log = (message) => process.stderr.write(`threatcode-ci: ${message}\n`);
const warn = (platform, message) => process.stderr.write(platform === 'github' ? `::warning title=threatcode::${message}\n` : `threatcode-ci: warning: ${message}\n`);

function readJsonFile(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Base, head, PR number and link base from the CI environment. */
export function ciContext(platform, env) {
  if (platform === 'github') {
    const event = env.GITHUB_EVENT_PATH ? readJsonFile(env.GITHUB_EVENT_PATH) : undefined;
    const pr = event?.pull_request;
    const head = pr?.head?.sha;
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    return {
      base: pr?.base?.sha,
      head,
      number: pr?.number ?? event?.number,
      repository: env.GITHUB_REPOSITORY,
      linkBase: env.GITHUB_REPOSITORY && (head || env.GITHUB_SHA) ? `${server}/${env.GITHUB_REPOSITORY}/blob/${head || env.GITHUB_SHA}` : undefined,
    };
  }
  if (platform === 'gitlab') {
    const head = env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA;
    return {
      base: env.CI_MERGE_REQUEST_DIFF_BASE_SHA,
      head,
      number: env.CI_MERGE_REQUEST_IID,
      repository: env.CI_PROJECT_ID,
      linkBase: env.CI_PROJECT_URL && head ? `${env.CI_PROJECT_URL}/-/blob/${head}` : undefined,
    };
  }
  return {};
}

function run(command, args, options) {
  return new Promise((done) => {
    const child = spawn(command[0], [...command.slice(1), ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (error) => done({ code: 127, stdout: '', stderr: error.message }));
    child.on('close', (code) => done({ code: code ?? 2, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** One API client per platform: list our comments, create one, update one. */
function commentApi(platform, env, context, dryRun) {
  const request = async (method, url, token, body) => {
    if (dryRun) {
      process.stdout.write(`[dry-run] ${method} ${url}${body ? ` (${JSON.stringify(body).length} bytes)` : ''}\n`);
      return method === 'GET' ? [] : {};
    }
    const headers = { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'threatcode-ci' };
    if (platform === 'github') Object.assign(headers, { authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' });
    else headers['private-token'] = token;
    const response = await globalThis.fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
    if (!response.ok) throw new Error(`${method} ${url.replace(/\?.*$/, '')} answered ${response.status}`);
    return response.json();
  };
  if (platform === 'github') {
    const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
    const token = env.GITHUB_TOKEN || env['INPUT_GITHUB-TOKEN'];
    const issue = `${api}/repos/${context.repository}/issues`;
    return {
      ready: Boolean((token || dryRun) && context.repository && context.number),
      async find() {
        for (let page = 1; page <= 20; page++) {
          const list = await request('GET', `${issue}/${context.number}/comments?per_page=100&page=${page}`, token);
          const mine = Array.isArray(list) ? list.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER)) : undefined;
          if (mine) return mine.id;
          if (!Array.isArray(list) || list.length < 100) return undefined;
        }
        return undefined;
      },
      create: (body) => request('POST', `${issue}/${context.number}/comments`, token, { body }),
      update: (id, body) => request('PATCH', `${issue}/comments/${id}`, token, { body }),
    };
  }
  if (platform === 'gitlab') {
    const api = (env.CI_API_V4_URL || 'https://gitlab.com/api/v4').replace(/\/+$/, '');
    const token = env.THREATCODE_GITLAB_TOKEN || env.GITLAB_TOKEN;
    const notes = `${api}/projects/${encodeURIComponent(context.repository ?? '')}/merge_requests/${context.number}/notes`;
    return {
      ready: Boolean((token || dryRun) && context.repository && context.number),
      async find() {
        for (let page = 1; page <= 20; page++) {
          const list = await request('GET', `${notes}?per_page=100&page=${page}&sort=asc`, token);
          const mine = Array.isArray(list) ? list.find((n) => typeof n.body === 'string' && n.body.startsWith(MARKER)) : undefined;
          if (mine) return mine.id;
          if (!Array.isArray(list) || list.length < 100) return undefined;
        }
        return undefined;
      },
      create: (body) => request('POST', notes, token, { body }),
      update: (id, body) => request('PUT', `${notes}/${id}`, token, { body }),
    };
  }
  return { ready: false };
}

function publishOutputs(env, values, summary) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
  if (env.GITHUB_STEP_SUMMARY && summary) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
}

function changed(delta) {
  const a = delta.architecture;
  const lists = [delta.new, delta.resolved, delta.changed, a.entryPoints.added, a.entryPoints.removed, a.entryPoints.changed, a.flows.added, a.flows.removed, a.components.added, a.components.removed, a.components.changed];
  return lists.some((l) => l.length > 0);
}

export async function main(argv = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string', default: '.' },
      base: { type: 'string' },
      head: { type: 'string' },
      'fail-on': { type: 'string', default: env.THREATCODE_FAIL_ON || 'high' },
      'out-dir': { type: 'string', default: '.threatcode-ci' },
      comment: { type: 'string', default: env.THREATCODE_COMMENT || 'on-change' },
      platform: { type: 'string' },
      'no-fail': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const platform = values.platform ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : env.GITLAB_CI === 'true' ? 'gitlab' : 'local');
  if (!['github', 'gitlab', 'local'].includes(platform)) throw new Error(`unknown platform ${platform}`);
  if (!['on-change', 'always', 'never'].includes(values.comment)) throw new Error(`--comment must be on-change, always or never`);
  const context = ciContext(platform, env);
  const base = values.base ?? context.base;
  const head = values.head ?? context.head;
  if (!base) {
    log('no base commit: pass --base <ref> (on GitHub run on pull_request events; on GitLab in merge request pipelines)');
    return 2;
  }
  const outDir = resolve(values['out-dir']);
  mkdirSync(outDir, { recursive: true });
  const files = { sarif: join(outDir, 'threatcode.sarif'), comment: join(outDir, 'threatcode-comment.md'), delta: join(outDir, 'threatcode-delta.json') };
  const command = env.THREATCODE_CMD ? JSON.parse(env.THREATCODE_CMD) : ['threatcode'];
  const args = ['diff', values.source, '--base', base, ...(head ? ['--head', head] : []), '--fail-on', values['fail-on'], '--json', '--sarif', files.sarif, '--markdown', files.comment];
  if (context.linkBase) args.push('--link-base', context.linkBase);
  log(`threatcode ${args.join(' ')}`);
  const result = await run(command, args, { env });
  process.stderr.write(result.stderr);
  if (result.code !== 0 && result.code !== 1) {
    log(`threatcode diff failed (exit ${result.code})`);
    return 2;
  }
  let delta;
  try {
    delta = JSON.parse(result.stdout);
  } catch {
    log('threatcode diff printed no JSON');
    return 2;
  }
  writeFileSync(files.delta, result.stdout);
  const comment = existsSync(files.comment) ? readFileSync(files.comment, 'utf8') : '';
  const failed = Boolean(delta.gate?.failed);
  const newOpen = delta.new.filter((t) => t.status === 'open').length;
  log(`${newOpen} new threats, ${delta.resolved.length} resolved; gate ${failed ? 'FAILED' : 'passed'}`);

  const api = commentApi(platform, env, context, values['dry-run']);
  let commentUrl = '';
  if (values.comment !== 'never' && platform !== 'local') {
    if (!api.ready) warn(platform, 'not posting a comment: no token or no pull/merge request in this run');
    else {
      try {
        const existing = await api.find();
        if (existing !== undefined) {
          const updated = await api.update(existing, comment);
          commentUrl = updated?.html_url ?? '';
          log(`updated comment ${existing}`);
        } else if (values.comment === 'always' || changed(delta)) {
          const created = await api.create(comment);
          commentUrl = created?.html_url ?? '';
          log('posted a comment');
        } else log('nothing changed and no earlier comment: no comment posted');
      } catch (error) {
        // Forked pull requests get a read-only token: report, never fail the build for it.
        warn(platform, `could not post the comment (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  publishOutputs(env, { 'new-threats': newOpen, 'resolved-threats': delta.resolved.length, 'gate-failed': failed, 'sarif-file': files.sarif, 'comment-file': files.comment, 'comment-url': commentUrl }, comment);
  return failed && !values['no-fail'] ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('threatcode-ci.mjs')) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      log(error instanceof Error ? error.message : String(error));
      process.exitCode = 2;
    },
  );
}
