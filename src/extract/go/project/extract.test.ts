import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectFact } from '../../../model/types.js';
import { runAll } from '../../_polyglot/testing.js';
import { extractor as nethttp } from '../nethttp/index.js';
import { extractor } from './index.js';

test('go.mod names the project; frameworks give the role; serving net/http code makes a service', () => {
  const facts = runAll([extractor, nethttp], {
    'svc/go.mod': 'module github.com/acme/shop/svc/v2\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgorm.io/gorm v1.25.0\n)\n',
    'tool/go.mod': 'module example.com/tool\n\nrequire github.com/spf13/cobra v1.8.0\n',
    'plain/go.mod': 'module example.com/plain\n',
    'plain/main.go': 'package main\nimport "net/http"\nfunc main() { http.HandleFunc("/", h) }\n',
  });
  const projects = facts.filter((f): f is ProjectFact => f.kind === 'project').map((p) => `${p.root} ${p.name} ${p.role} ${p.frameworks.join(',')}`).sort();
  assert.deepEqual(projects, ['plain plain service ', 'svc svc service gin,gorm', 'tool tool cli ']);
});
