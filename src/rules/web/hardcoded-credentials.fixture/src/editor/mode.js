// An Ace/CodeMirror syntax mode: `token` names a highlighting class.
export const rules = {
  start: [
    // ok: hardcoded-credentials
    { token: 'comment', regex: '#.*$' },
    // ok: hardcoded-credentials
    { token: 'variable', regex: /\$[_A-Za-z][_0-9A-Za-z]*/ },
  ],
};

// A Monarch grammar (Monaco): `defaultToken` names the class of text no rule matched.
export const monarch = {
  // ok: hardcoded-credentials
  defaultToken: 'invalid',
  tokenPostfix: '.js',
  keywords: ['function', 'true', 'null'],
};
