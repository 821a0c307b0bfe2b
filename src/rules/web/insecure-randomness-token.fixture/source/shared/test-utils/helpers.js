// Test helper beside the source (not under a tests/ folder): fixtures' tokens protect nothing deployed.
export function createTestUser(repo) {
  return repo.createUser({
    username: 'test-user',
    // ok: insecure-randomness-token
    password: `pw#${Math.floor(Math.random() * 100000)}`,
    // ok: insecure-randomness-token
    apiToken: Math.random().toString(36).slice(2),
  });
}
