import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNonProductionCode } from '../../../util/development-paths.js';
import { isTestFile } from './parse.js';
import { isVendoredCopy } from './vendored.js';

const MIT = '// CodeMirror, copyright (c) by Marijn Haverbeke and others\n// Distributed under an MIT license\n(function (mod) {})();\n';

describe('isVendoredCopy', () => {
  it('takes a licence-headed file in a library or static folder for an upstream copy', () => {
    assert.equal(isVendoredCopy('libraries/codemirror/mode/rst/rst.js', MIT), true);
    assert.equal(isVendoredCopy('packages/server/public/monaco/loader.js', "'use strict';\n/*!---\n * Copyright (c) Microsoft Corporation.\n * Released under the MIT license\n */ const x = 1;"), true);
  });
  it('leaves the app’s own files: no header, a header elsewhere, TypeScript, or the word only in code', () => {
    assert.equal(isVendoredCopy('libraries/app/index.js', '// helpers of the app\nconst token = "keyword";'), false);
    assert.equal(isVendoredCopy('src/services/auth.js', MIT), false);
    assert.equal(isVendoredCopy('backend/src/api/public/monitoring.controller.ts', '/*\n * SPDX-FileCopyrightText: 2022 The HedgeDoc developers\n */'), false);
    assert.equal(isVendoredCopy('public/app/widget.js', '// taken from boxicons\nconst copyright = "(c) 2020";'), false);
  });
});

describe('test and scan harness paths', () => {
  it('are neither product code nor production code', () => {
    const harness = ['infosec-scan/oauth2-test-server/routes/auth.js', 'tools/fake-server/index.js', 'security-scans/zap/hooks.js'];
    assert.deepEqual(harness.filter((f) => !isTestFile(f) || !isNonProductionCode(f)), []);
    assert.equal(isTestFile('packages/server/auth/testhelp.js'), true);
    assert.equal(isTestFile('packages/cli/src/commands/add/templates/crud-resolver.template.ts'), true);
    assert.equal(isTestFile('packages/server/source/modules/apps/apps.vm.test.disabled.ts'), true);
    assert.equal(isTestFile('src/users/users.controller.spec.e2e.ts'), true);
    assert.equal(isTestFile('src/latest.testing.ts'), false);
    assert.equal(isNonProductionCode('deploy/docker-compose-tests/pytest/docker-compose.yml'), true);
    assert.equal(isNonProductionCode('packages/dev-server/example-plugins/wishlist/api/wishlist.resolver.ts'), true);
    assert.equal(isNonProductionCode('packages/mailer/src/handler/mock-events.ts'), true);
    assert.equal(isNonProductionCode('bench/bench.js'), true);
    // A test suite's shared fixtures module (mock users, seeded records) beside the sources.
    assert.equal(isNonProductionCode('packages/api/src/fixtures.ts'), true);
    assert.equal(isNonProductionCode('src/fixtureLoader.ts'), false);
    const product = ['packages/server/routes/auth.js', 'src/security/scan.js', 'apps/latest-server/main.ts', 'src/contests/index.js', 'packages/devices-server/main.ts', 'src/mockups/index.ts', 'src/contest.service.ts', 'src/attestation.ts', 'src/workbench/routes.js', 'lib/benches.js'];
    assert.deepEqual(product.filter((f) => isTestFile(f) || isNonProductionCode(f)), []);
  });
});
