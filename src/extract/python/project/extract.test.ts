import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectFact } from '../../../model/types.js';
import { runAll } from '../../_polyglot/testing.js';
import { extractor } from './index.js';

function projects(files: Record<string, string>): string[] {
  return runAll([extractor], files)
    .filter((f): f is ProjectFact => f.kind === 'project')
    .map((p) => `${p.root} ${p.name} ${p.role} ${p.frameworks.join(',')}`)
    .sort();
}

test('pyproject, requirements and setup files give one project per folder with its role', () => {
  assert.deepEqual(
    projects({
      'api/pyproject.toml': '[project]\nname = "orders-api"\ndependencies = ["fastapi>=0.110", "uvicorn", "sqlalchemy"]\n',
      'api/requirements.txt': 'fastapi==0.111.0\nredis==5.0.0\n',
      'worker/requirements.txt': 'celery==5.3.6\nclick==8.1.7\n',
      'lib/setup.cfg': '[metadata]\nname = shared-utils\n[options]\ninstall_requires =\n    requests>=2\n',
      'fn/requirements.txt': 'mangum==0.17.0\nfastapi==0.111.0\n',
    }),
    ['api orders-api service fastapi,redis,sqlalchemy,uvicorn', 'fn fn function fastapi', 'lib shared-utils library requests', 'worker worker cli celery'],
  );
});

test('Poetry projects and Django apps', () => {
  assert.deepEqual(projects({ 'pyproject.toml': '[tool.poetry]\nname = "shop"\n[tool.poetry.dependencies]\npython = "^3.11"\nDjango = "^4.2"\ndjangorestframework = { version = "^3.15" }\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n' }), ['. shop service django,django-rest-framework']);
});
