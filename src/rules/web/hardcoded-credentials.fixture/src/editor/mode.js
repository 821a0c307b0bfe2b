// An Ace/CodeMirror syntax mode: `token` names a highlighting class.
export const rules = {
  start: [
    // ok: hardcoded-credentials
    { token: 'comment', regex: '#.*$' },
    // ok: hardcoded-credentials
    { token: 'variable', regex: /\$[_A-Za-z][_0-9A-Za-z]*/ },
  ],
};
