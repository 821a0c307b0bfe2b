// Rack::Attack throttles (config/initializers/rack_attack.rb) as `rate-limit` config facts, the
// kind the JS rate-limit detection emits: a throttle keyed on the client alone (`{ |r| r.ip }`)
// limits every route (`scope: global`); one whose block tests the request path limits those paths
// (`scope: path`). Throttles that filter on anything else (user agent...) are not counted.
import type { FactInput } from '../../../model/types.js';
import { blankComments, lineAt } from '../../java/_lib/text.js';

const THROTTLE = /\b(?:Rack::Attack\.)?throttle\s*\(?\s*(['"])([^'"]*)\1[^\n{]*?(?:\{\s*\|(\w+)\|([^}]*)\}|\bdo\s*\|(\w+)\|([\s\S]*?)^\s*end\b)/gm;

/** Literal paths a throttle block compares the request path with (`==`, `start_with?`, `include?`). */
function testedPaths(block: string, req: string): string[] | undefined {
  const path = new RegExp(String.raw`\b${req}\.(?:path|path_info|fullpath)\b`);
  if (!path.test(block)) return undefined;
  const out: string[] = [];
  const calls = new RegExp(String.raw`\b${req}\.(?:path|path_info|fullpath)\s*(?:==\s*|\.(?:start_with\?|starts_with\?|include\?|eql\?)\s*\(?\s*)((?:['"][^'"]+['"]\s*,?\s*)+)`, 'g');
  for (const m of block.matchAll(calls)) for (const lit of m[1].matchAll(/['"]([^'"]+)['"]/g)) out.push(lit[1]);
  return out;
}

const PAIR = /\bcontroller:\s*['"]([\w/]+)['"]\s*,\s*action:\s*['"](\w+)['"]|:controller\s*=>\s*['"]([\w/]+)['"]\s*,\s*:action\s*=>\s*['"](\w+)['"]/g;

/**
 * Lists of `{ controller: "sessions", action: "create" }` targets assigned to local names
 * (`protected_actions = [...] + other_list`), for throttles that recognise the request's route
 * (`Rails.application.routes.recognize_path(req.path)`) and compare its controller and action.
 */
function actionLists(text: string): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const m of text.matchAll(/^[ \t]*(\w+)\s*=\s*([[{])/gm)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let end = open;
    for (; end < text.length; end++) {
      const c = text[end];
      if (c === '[' || c === '{') depth++;
      else if ((c === ']' || c === '}') && --depth === 0) break;
    }
    const body = text.slice(open, end + 1);
    const pairs = [...body.matchAll(PAIR)].map((p) => `${p[1] ?? p[3]}#${p[2] ?? p[4]}`);
    const tail = /^\s*\+\s*(\w+)/.exec(text.slice(end + 1, end + 200));
    if (pairs.length > 0) lists.set(m[1], [...pairs, ...(tail ? (lists.get(tail[1]) ?? []) : [])]);
  }
  return lists;
}

export function rackAttackFacts(file: string, content: string, evidence: (line: number) => FactInput['evidence']): FactInput[] {
  const text = blankComments(content, true);
  const out: FactInput[] = [];
  const lists = /\brecognize_path\b/.test(text) ? actionLists(text) : new Map<string, string[]>();
  for (const m of text.matchAll(THROTTLE)) {
    const name = m[2];
    const req = m[3] ?? m[5];
    const block = m[4] ?? m[6] ?? '';
    const line = lineAt(text, m.index ?? 0);
    // The controller actions whose lists the block tests the request's route against.
    const actions = new Set([...block.matchAll(/\b\w+\b/g)].flatMap((w) => lists.get(w[0]) ?? []));
    for (const action of actions) {
      out.push({ kind: 'config', setting: 'rate-limit', values: { library: 'rack-attack', scope: 'action', action, name }, summary: `Rack::Attack throttle "${name}" on ${action}`, evidence: evidence(line), key: `${file}#rate-limit:rack-attack:${name}:${action}` });
    }
    if (actions.size > 0) continue;
    const paths = testedPaths(block, req);
    if (paths) {
      for (const path of new Set(paths)) {
        out.push({ kind: 'config', setting: 'rate-limit', values: { library: 'rack-attack', scope: 'path', path, name }, summary: `Rack::Attack throttle "${name}" on ${path}`, evidence: evidence(line), key: `${file}#rate-limit:rack-attack:${name}:${path}` });
      }
      continue;
    }
    // Keyed on the client only: every request counts.
    const client = new RegExp(String.raw`\b${req}\.(?:ip|remote_ip)\b`, 'g');
    if (!client.test(block) || block.replace(client, '').trim() !== '') continue;
    out.push({ kind: 'config', setting: 'rate-limit', values: { library: 'rack-attack', scope: 'global', name }, summary: `Rack::Attack throttle "${name}" on every request`, evidence: evidence(line), key: `${file}#rate-limit:rack-attack:${name}` });
  }
  return out;
}
