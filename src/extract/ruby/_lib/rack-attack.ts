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

export function rackAttackFacts(file: string, content: string, evidence: (line: number) => FactInput['evidence']): FactInput[] {
  const text = blankComments(content, true);
  const out: FactInput[] = [];
  for (const m of text.matchAll(THROTTLE)) {
    const name = m[2];
    const req = m[3] ?? m[5];
    const block = m[4] ?? m[6] ?? '';
    const line = lineAt(text, m.index ?? 0);
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
