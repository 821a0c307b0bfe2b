import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFile } from '../../engine.js';
import { extractor } from './index.js';

function headers(path: string, content: string) {
  return extractFile({ path, content }, [extractor]).facts.filter((f) => f.kind === 'config' && f.setting === 'headers').map((f) => (f.kind === 'config' ? f.values : {}));
}

describe('extract/js/security-config Next.js headers', () => {
  it('reads the security headers a next.config headers() returns, frame-ancestors as framing', () => {
    const out = headers('web/next.config.js', `const policy = "default-src 'self'";
module.exports = {
  async headers() {
    return [{ source: '/:path*', headers: [
      { key: 'Content-Security-Policy', value: "default-src 'self'; frame-ancestors 'self'" },
      { key: 'X-Content-Type-Options', value: 'nosniff' },
    ] }];
  },
};`);
    assert.deepEqual(out, [{ library: 'next.config headers()', headers: 'content-security-policy,x-content-type-options,x-frame-options', partial: false }]);
  });

  it('keeps a lone header partial and ignores key/value objects outside next.config', () => {
    assert.deepEqual(headers('next.config.mjs', "export default { headers: async () => [{ source: '/', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] }] };"), [{ library: 'next.config headers()', headers: 'x-frame-options', partial: true }]);
    assert.deepEqual(headers('lib/table.js', "export const rows = [{ key: 'X-Frame-Options', value: 'DENY' }, { key: 'X-Content-Type-Options', value: 'x' }, { key: 'Content-Security-Policy', value: 'y' }];"), []);
  });

  it('counts next-secure-headers as a complete set', () => {
    const out = headers('next.config.js', "const { createSecureHeaders } = require('next-secure-headers');\nmodule.exports = { async headers() { return [{ source: '/(.*)', headers: createSecureHeaders() }]; } };");
    assert.deepEqual(out, [{ library: 'next-secure-headers' }]);
  });
});
