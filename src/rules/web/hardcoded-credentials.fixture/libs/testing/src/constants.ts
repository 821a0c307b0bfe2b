// A shared package of test helpers: its users and keys log into test doubles.
// ok: hardcoded-credentials
export const TEST_USER_PASSWORD = 'asd#Faf4fd';
// ok: hardcoded-credentials
export const mailCredentials = { apiKey: 'SG.123', secretKey: 'abc123' };
