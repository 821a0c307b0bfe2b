// ok: unsafe-sandbox-library
const { VM } = require('vm2');

test('runs', () => new VM().run('1 + 1'));
