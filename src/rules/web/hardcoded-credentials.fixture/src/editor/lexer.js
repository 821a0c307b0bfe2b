// A hand-written tokenizer: `token` holds the highlighting class of the text just read.
function tokenBase(stream, state) {
  let token = null;
  if (stream.match(/^\/\//)) {
    // ok: hardcoded-credentials
    token = 'comment';
  } else if (stream.match(/^[A-Z_]+/)) {
    // ok: hardcoded-credentials
    token = 'keyword';
    // ok: hardcoded-credentials
    state.indentToken = 'comment';
  } else if (stream.match(/^[{}]/)) {
    // ok: hardcoded-credentials
    token = 'matchingbracket';
  }
  return token;
}

// A credential name keeps a word: an access token the app sends.
// ruleid: hardcoded-credentials
const accessToken = 'letmeinplease';

module.exports = { tokenBase, accessToken };
