// CodeMirror, copyright (c) by Marijn Haverbeke and others
// Distributed under an MIT license: https://codemirror.net/5/LICENSE

// An upstream copy of a library checked into the app: its literals are the library's.
(function (CodeMirror) {
  const defaults = {
    // ok: hardcoded-credentials
    token: 'Meta-Header_2',
    // ok: hardcoded-credentials
    password: 'Hunter2-demo',
  };
  CodeMirror.defineMode('rst', () => defaults);
})(window.CodeMirror);
