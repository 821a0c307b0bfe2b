import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCacheDir } from './cache.js';
import { redactCredentials, redactUrl } from './redact.js';
import { cacheKey, gitUrlOf, repositoryName } from './url.js';

describe('git URL recognition', () => {
  it('accepts the URL forms git clones from', () => {
    for (const url of [
      'https://github.com/acme/shop',
      'https://github.com/acme/shop.git',
      'http://git.internal/acme/shop.git',
      'https://gitlab.com/group/sub/project.git',
      'https://gerrit.example.com/a/platform/build',
      'git@github.com:acme/shop.git',
      'deploy@git.example.com:team/repo',
      'ssh://git@github.com/acme/shop.git',
      'ssh://git@host:2222/acme/shop.git',
      'git://example.org/shop.git',
      'file:///srv/git/shop.git',
    ]) {
      assert.equal(gitUrlOf(url), url, url);
    }
    assert.equal(gitUrlOf('github.com/acme/shop'), 'https://github.com/acme/shop');
  });

  it('refuses local paths, remote helpers and option-looking input', () => {
    for (const spec of ['./shop', '/srv/shop', 'shop', 'C:\\src\\shop', 'ext::sh -c touch% /tmp/pwned', '--upload-pack=touch /tmp/x', 'fd::3', 'https://', '']) {
      assert.equal(gitUrlOf(spec), null, spec);
    }
  });

  it('names a repository after its last path segment without .git', () => {
    assert.equal(repositoryName('https://github.com/acme/shop.git'), 'shop');
    assert.equal(repositoryName('https://github.com/acme/shop/'), 'shop');
    assert.equal(repositoryName('git@github.com:acme/shop.git'), 'shop');
    assert.equal(repositoryName('ssh://git@host:2222/acme/Shop-API.git'), 'Shop-API');
    assert.equal(repositoryName('file:///srv/git/my%20repo.git'), 'my repo');
    assert.equal(repositoryName('/srv/git/origin.git'), 'origin');
    assert.equal(repositoryName('https://example.com/'), 'example.com');
  });
});

describe('credential redaction', () => {
  it('removes user-info from http URLs, and only the password from ssh URLs', () => {
    assert.equal(redactUrl('https://user:ghp_token@github.com/acme/shop.git'), 'https://github.com/acme/shop.git');
    assert.equal(redactUrl('https://oauth2token@gitlab.com/g/p.git'), 'https://gitlab.com/g/p.git');
    assert.equal(redactUrl('https://github.com/acme/shop.git?access_token=abc#frag'), 'https://github.com/acme/shop.git');
    assert.equal(redactUrl('ssh://git:hunter2@host/acme/shop.git'), 'ssh://git@host/acme/shop.git');
    assert.equal(redactUrl('git@github.com:acme/shop.git'), 'git@github.com:acme/shop.git');
  });

  it('scrubs every URL inside free text', () => {
    const text = "fatal: repository 'https://bob:s3cret@example.com/x.git/' not found; also http://tok@h/y";
    const clean = redactCredentials(text);
    assert.ok(!clean.includes('s3cret') && !clean.includes('tok@'), clean);
    assert.match(clean, /https:\/\/example\.com\/x\.git/);
  });
});

describe('cache layout', () => {
  it('derives a readable, stable key per repository and ref', () => {
    const key = cacheKey('https://github.com/acme/Shop.git');
    assert.match(key, /^shop-[0-9a-f]{16}$/);
    assert.equal(cacheKey('https://github.com/acme/Shop'), key, 'with or without .git');
    assert.equal(cacheKey('https://user:token@GitHub.com/acme/Shop.git'), key, 'credentials and host case do not matter');
    assert.notEqual(cacheKey('https://github.com/acme/Shop.git', 'v2'), key);
    assert.notEqual(cacheKey('https://github.com/other/Shop.git'), key);
  });

  it('resolves the default cache directory from the environment', () => {
    assert.equal(defaultCacheDir({ THREATCODE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }), '/c');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/threatcode/repos');
    assert.equal(defaultCacheDir({ HOME: '/h' }), '/h/.cache/threatcode/repos');
  });
});
