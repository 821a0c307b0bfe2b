import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DependencyFact } from '../../../model/types.js';
import { fixtureFiles, runAll } from '../../_polyglot/testing.js';
import { parseRequirementsFile } from './requirements.js';
import { extractor } from './index.js';

function deps(files: Record<string, string>): string[] {
  return runAll([extractor], files)
    .filter((f): f is DependencyFact => f.kind === 'dependency')
    .map((d) => `${d.manifest} ${d.name} ${d.version} ${d.direct ? 'direct' : 'transitive'} ${d.scope ?? '-'}`)
    .sort();
}

test('requirements files: pins, ranges, extras, markers, hashes, URLs, includes inside the repository', () => {
  assert.deepEqual(
    deps({
      'requirements.txt': `# app
-r requirements/base.txt
-c constraints.txt
Flask==3.0.3 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
requests[socks]>=2.31,<3 ; python_version >= "3.8"
git+https://user:token@github.com/acme/lib.git@v1.2#egg=acme-lib
-e .
./vendor/local.whl
`,
      'requirements/base.txt': 'gunicorn==22.0.0\n',
      'constraints.txt': 'urllib3<2\n',
      'requirements-dev.txt': 'pytest==8.2.0\n',
    }),
    [
      'constraints.txt urllib3 <2 direct prod',
      'requirements-dev.txt pytest 8.2.0 direct dev',
      'requirements.txt Flask 3.0.3 direct prod',
      'requirements.txt acme-lib git+https://****@github.com/acme/lib.git@v1.2 direct prod',
      'requirements.txt gunicorn 22.0.0 direct prod',
      'requirements.txt requests >=2.31,<3 direct prod',
      'requirements/base.txt gunicorn 22.0.0 direct prod',
    ],
  );
});

test('Poetry manifest and lockfile are joined: locked versions, direct flags and scopes', () => {
  const dir = fileURLToPath(new URL('./fixtures/poetry', import.meta.url));
  assert.deepEqual(deps(fixtureFiles(dir)), [
    'poetry.lock SQLAlchemy 2.0.30 direct prod',
    'poetry.lock fastapi 0.110.3 direct prod',
    'poetry.lock pydantic 2.7.1 transitive -',
    'poetry.lock pytest 8.2.0 direct dev',
    'pyproject.toml boto3 ^1.34 direct optional',
  ]);
});

test('uv.lock says which packages are direct; PEP 621 optional and dependency groups', () => {
  const dir = fileURLToPath(new URL('./fixtures/uv', import.meta.url));
  assert.deepEqual(deps(fixtureFiles(dir)), [
    'pyproject.toml boto3 >=1.34 direct optional',
    'pyproject.toml ruff >=0.4 direct dev',
    'uv.lock anyio 4.4.0 transitive -',
    'uv.lock httpx 0.27.0 direct prod',
    'uv.lock redis 5.0.4 direct prod',
  ]);
});

test('Pipfile.lock and purls', () => {
  const facts = runAll([extractor], { 'Pipfile.lock': JSON.stringify({ _meta: {}, default: { django: { version: '==4.2.11' } }, develop: { black: { version: '==24.4.2' } } }, null, 2) }).filter((f): f is DependencyFact => f.kind === 'dependency');
  assert.deepEqual(facts.map((f) => `${f.name} ${f.version} ${f.scope} ${f.purl} ${f.evidence.line}`), ['django 4.2.11 prod pkg:pypi/django@4.2.11 4', 'black 24.4.2 dev pkg:pypi/black@24.4.2 9']);
});

test('requirement parser keeps lines of continued entries', () => {
  const parsed = parseRequirementsFile('a==1\\\n  --hash=sha256:x\nb>=2\n');
  assert.deepEqual(parsed.requirements.map((r) => `${r.name}@${r.line}`), ['a@1', 'b@3']);
});
