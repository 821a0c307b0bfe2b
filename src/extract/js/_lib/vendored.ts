// Upstream copies of third-party libraries checked into an app's source (a CodeMirror under
// `libraries/`, Monaco's loader under `public/monaco/`): their literals and random calls are the
// library's, written for its own purposes (a lexer's `token = 'keyword'`), never the app's secrets
// or tokens. The walk already skips `vendor/`, `third_party/`, `bower_components/` and `*.min.js`;
// a copy elsewhere is told by two things together: it sits in a folder of libraries or of files
// served as they are, and it opens with a licence or copyright header, which an upstream file
// carries and an app's own modules in those folders rarely do. Read from the raw text only.

/** Folders of libraries or of files served to browsers as they are. */
const LIBRARY_DIR = /(^|\/)(libraries|external|externals|extern|public|static|assets|www|wwwroot|htdocs)\//;

/** Words of a copyright or licence notice: `Released under the MIT license`, `copyright (c) by …`, `@license`. */
const NOTICE = /copyright|©|\(c\) ?\d{4}|@license|@preserve|licen[cs]ed under|released under|distributed under|under (the|an?) [\w.-]+ licen[cs]e/i;

/** The comments a file opens with (after an optional `'use strict'`), at most the first 2,000 characters. */
function leadingComments(content: string): string {
  const text = content.slice(0, 2000);
  let at = 0;
  let out = '';
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    const strict = /^['"]use strict['"];?/.exec(text.slice(at, at + 14));
    if (strict) {
      at += strict[0].length;
      continue;
    }
    if (text.startsWith('//', at)) {
      const end = text.indexOf('\n', at);
      out += text.slice(at, end < 0 ? text.length : end) + '\n';
      if (end < 0) return out;
      at = end;
    } else if (text.startsWith('/*', at)) {
      const end = text.indexOf('*/', at + 2);
      out += text.slice(at, end < 0 ? text.length : end) + '\n';
      if (end < 0) return out;
      at = end + 2;
    } else return out;
  }
}

/** An upstream copy of a third-party library: in a library or static folder, under a licence header. */
export function isVendoredCopy(path: string, content: string): boolean {
  // Libraries ship compiled JavaScript: a TypeScript file is the app's own source (a Nest
  // `api/public/` module under the project's SPDX header).
  return LIBRARY_DIR.test(path) && !/\.[cm]?tsx?$/.test(path) && NOTICE.test(leadingComments(content));
}
