import { posix } from 'node:path';
import type { FactInput, ProjectFact } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { stripBom } from '../../deps/_lib/lockfile.js';
import { parseXml, type XmlElement } from '../../deps/maven/xml.js';
import type { Extractor } from '../../types.js';

const FRAMEWORKS: [RegExp, string][] = [
  [/^Microsoft\.AspNetCore\.Authentication\.JwtBearer$/, 'jwt-bearer'],
  [/^Microsoft\.EntityFrameworkCore/, 'ef-core'],
  [/^Grpc\.AspNetCore$/, 'grpc'],
  [/^Microsoft\.AspNetCore\.SignalR/, 'signalr'],
  [/^Newtonsoft\.Json$/, 'json.net'],
  [/^Dapper$/, 'dapper'],
  [/^Swashbuckle\.AspNetCore/, 'swagger'],
];

function* all(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* all(c);
  }
}

export const extractor: Extractor = {
  id: 'csharp/project',
  title: '.NET projects from *.csproj / *.fsproj: SDK (web, worker), frameworks, role',
  matches: (path) => /\.(?:cs|fs)proj$/.test(path) && !/(?:^|\/)(?:bin|obj)\//.test(path),
  extract(file, ctx) {
    let root: XmlElement;
    try {
      root = ctx.parse('xml', () => parseXml(stripBom(file.content)));
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `project file could not be read: ${messageOf(error)}` });
      return null;
    }
    const sdk = root.attrs.Sdk ?? '';
    const packages = [...all(root)].filter((e) => e.name === 'PackageReference').map((e) => e.attrs.Include ?? '');
    const frameworks = new Set(packages.flatMap((p) => FRAMEWORKS.filter(([re]) => re.test(p)).map(([, f]) => f)));
    const web = /Microsoft\.NET\.Sdk\.(?:Web|Razor|BlazorWebAssembly)/.test(sdk);
    if (web) frameworks.add('aspnet-core');
    const test = packages.some((p) => /^(?:xunit|NUnit|MSTest\.TestFramework|Microsoft\.NET\.Test\.Sdk)$/.test(p));
    const outputExe = [...all(root)].some((e) => e.name === 'OutputType' && /exe/i.test(e.text));
    let role: ProjectFact['role'] = 'library';
    if (test) role = 'library';
    else if (web || frameworks.has('grpc')) role = /BlazorWebAssembly/.test(sdk) ? 'frontend' : 'service';
    else if (/Microsoft\.NET\.Sdk\.Worker/.test(sdk)) role = 'service';
    else if (outputExe) role = 'cli';
    const fact: FactInput = {
      kind: 'project',
      name: posix.basename(file.path).replace(/\.\w+proj$/, ''),
      root: posix.dirname(file.path),
      language: file.path.endsWith('.fsproj') ? 'fsharp' : 'csharp',
      ecosystem: 'nuget',
      frameworks: [...frameworks].sort(),
      role,
      evidence: { file: file.path, line: root.line },
      key: `${file.path}#project`,
    };
    return [fact];
  },
};
