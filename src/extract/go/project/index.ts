// Go projects: one ProjectFact per go.mod (name = last element of the module path), frameworks
// from its requirements, role service when a web or gRPC framework is required. Link also makes a
// module a service when Go entry points were found under its folder (net/http needs no module),
// and a cli when it requires a CLI toolkit and serves nothing.
import type { Fact, FactInput, ProjectFact } from '../../../model/types.js';
import { folderOf } from '../../deps/_lib/lockfile.js';
import { parseGoMod } from '../../deps/gomod/parse.js';
import type { Extractor } from '../../types.js';

const FRAMEWORKS: [RegExp, string][] = [
  [/^github\.com\/gin-gonic\/gin$/, 'gin'],
  [/^github\.com\/labstack\/echo(\/v\d+)?$/, 'echo'],
  [/^github\.com\/go-chi\/chi(\/v\d+)?$/, 'chi'],
  [/^github\.com\/gorilla\/mux$/, 'gorilla-mux'],
  [/^github\.com\/gofiber\/fiber(\/v\d+)?$/, 'fiber'],
  [/^google\.golang\.org\/grpc$/, 'grpc'],
  [/^github\.com\/grpc-ecosystem\/grpc-gateway(\/v\d+)?$/, 'grpc-gateway'],
  [/^github\.com\/99designs\/gqlgen$/, 'graphql'],
  [/^github\.com\/valyala\/fasthttp$/, 'fasthttp'],
  [/^github\.com\/beego\/beego(\/v\d+)?$/, 'beego'],
];
const NOTABLE: [RegExp, string][] = [
  [/^gorm\.io\/gorm$/, 'gorm'],
  [/^github\.com\/jackc\/pgx(\/v\d+)?$|^github\.com\/lib\/pq$/, 'postgres'],
  [/^go\.mongodb\.org\/mongo-driver/, 'mongodb'],
  [/^github\.com\/(go-redis\/redis|redis\/go-redis)(\/v\d+)?$/, 'redis'],
  [/^github\.com\/golang-jwt\/jwt(\/v\d+)?$/, 'golang-jwt'],
  [/kafka|sarama/, 'kafka'],
];
const CLI = /^github\.com\/(spf13\/cobra|urfave\/cli(\/v\d+)?)$/;
const FUNCTION = /^github\.com\/aws\/aws-lambda-go$/;

function linkProjects(facts: Fact[]): Fact[] {
  const projects = facts.filter((f): f is ProjectFact => f.kind === 'project' && f.extractor === 'go/project' && f.role !== 'service' && f.role !== 'function');
  if (projects.length === 0) return facts;
  const serving = new Set<string>();
  for (const f of facts) {
    if (f.kind !== 'entrypoint' || !f.evidence.file.endsWith('.go')) continue;
    let best: ProjectFact | undefined;
    for (const p of facts) {
      if (p.kind !== 'project' || p.extractor !== 'go/project') continue;
      if (p.root !== '.' && !f.evidence.file.startsWith(`${p.root}/`)) continue;
      if (!best || p.root.length > best.root.length) best = p;
    }
    if (best) serving.add(best.root);
  }
  if (serving.size === 0) return facts;
  return facts.map((f) => (f.kind === 'project' && f.extractor === 'go/project' && serving.has(f.root) && f.role !== 'service' && f.role !== 'function' ? { ...f, role: 'service' } : f));
}

export const extractor: Extractor = {
  id: 'go/project',
  title: 'Go projects: module name, frameworks and role from go.mod',
  matches: (path) => (path === 'go.mod' || path.endsWith('/go.mod')) && !/(^|\/)(vendor|testdata)\//.test(path),
  extract(file) {
    const mod = parseGoMod(file.content);
    if (!mod.module) return null;
    const paths = mod.requires.filter((r) => !r.indirect).map((r) => r.path);
    const frameworks = [...new Set([...paths.flatMap((p) => FRAMEWORKS.filter(([re]) => re.test(p)).map(([, n]) => n)), ...paths.flatMap((p) => NOTABLE.filter(([re]) => re.test(p)).map(([, n]) => n))])].sort();
    const web = paths.some((p) => FRAMEWORKS.some(([re]) => re.test(p)));
    const role: ProjectFact['role'] = paths.some((p) => FUNCTION.test(p)) ? 'function' : web ? 'service' : paths.some((p) => CLI.test(p)) ? 'cli' : 'library';
    const parts = mod.module.split('/');
    const name = /^v\d+$/.test(parts[parts.length - 1]) && parts.length > 1 ? parts[parts.length - 2] : parts[parts.length - 1];
    const fact: Omit<ProjectFact, 'extractor'> = { kind: 'project', name, root: folderOf(file.path), language: 'go', ecosystem: 'go', frameworks, role, evidence: { file: file.path, line: mod.moduleLine, snippet: `module ${mod.module}` }, key: `${file.path}#project` };
    const out: FactInput[] = [fact];
    return out;
  },
  link: linkProjects,
};
