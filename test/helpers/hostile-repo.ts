// A repository built to hurt a scanner: links out of the root and in circles, a huge file, binary
// data and invalid UTF-8 under source names, YAML alias bombs, absurdly deep JSON, a broken OpenAPI
// file, install scripts that would leave a marker if anything ever ran them, a fifo (opening it
// for reading blocks forever), and HTML in a file name. It also has one ordinary Express server,
// so a model still has something real in it.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface HostileRepo {
  /** The repository root (the `dir` given). */
  root: string;
  /** `<dir>/../outside-secret.txt`, reachable only through the escaping link `secret-link.txt`. */
  outsideSecretPath: string;
  /** Text of the outside secret: must never appear in any output. */
  outsideSecretToken: string;
  /** File the install scripts would create: must never exist. */
  installMarkerPath: string;
  /** Whether `pipe.js` (a fifo) could be created on this system. */
  hasFifo: boolean;
  /** Size of `big.js` in bytes (sparse on disk). */
  bigFileBytes: number;
  /** Repository-relative paths of the hostile entries, for assertions. */
  paths: {
    rootLink: string;
    secretLink: string;
    loopA: string;
    loopB: string;
    selfLink: string;
    big: string;
    binary: string;
    invalidUtf8: string;
    aliasBomb: string;
    configAliasBomb: string;
    deepJson: string;
    brokenOpenapi: string;
    packageJson: string;
    fifo: string;
    server: string;
    htmlName: string;
    vendoredScript: string;
  };
}

export const OUTSIDE_SECRET_TOKEN = 'OUTSIDE-SECRET-7f3a9c-never-read-me';
export const BIG_FILE_BYTES = 60 * 1024 * 1024;
export const DEEP_JSON_DEPTH = 200_000;

/** The classic "billion laughs": 9 levels of 9 aliases each expand to 9^9 strings. */
export function yamlAliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const previous = names[i - 1];
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const SERVER_JS = `const express = require('express');

const app = express();
app.use(express.json());

app.get('/health', (req, res) => {
  res.json({ ok: true });
});

app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id });
});

app.listen(process.env.PORT || 3000);
`;

function writeSparse(path: string, bytes: number, header: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    // Extends with a hole: 60 MB on paper, a few bytes on disk, written instantly.
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

function binaryBytes(): Buffer {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const noise = Buffer.alloc(4096);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 131 + 7) % 256;
  return Buffer.concat([png, noise]);
}

/**
 * Writes the hostile repository into `dir` (created) and `outside-secret.txt` beside it, so
 * `dir` should be a fresh folder inside a temporary directory.
 */
export function makeHostileRepo(dir: string): HostileRepo {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const outsideSecretPath = join(dirname(root), 'outside-secret.txt');
  const installMarkerPath = join(dirname(root), 'INSTALL-SCRIPTS-RAN.marker');
  writeFileSync(outsideSecretPath, `${OUTSIDE_SECRET_TOKEN}\n`);

  const paths: HostileRepo['paths'] = {
    rootLink: 'rootfs',
    secretLink: 'secret-link.txt',
    loopA: 'loop-a',
    loopB: 'loop-b',
    selfLink: 'self',
    big: 'big.js',
    binary: 'app.js',
    invalidUtf8: 'src/latin1.js',
    aliasBomb: 'config.yml',
    configAliasBomb: '.threatcode.yml',
    deepJson: 'deep.json',
    brokenOpenapi: 'openapi.yaml',
    packageJson: 'package.json',
    fifo: 'pipe.js',
    server: 'src/server.js',
    htmlName: 'src/<img src=x onerror=alert(1)>.js',
    vendoredScript: 'node_modules/evil/index.js',
  };
  const at = (path: string): string => join(root, path);
  mkdirSync(at('src'), { recursive: true });

  symlinkSync('/', at(paths.rootLink));
  symlinkSync('../outside-secret.txt', at(paths.secretLink));
  symlinkSync(paths.loopB, at(paths.loopA));
  symlinkSync(paths.loopA, at(paths.loopB));
  symlinkSync('.', at(paths.selfLink));

  writeSparse(at(paths.big), BIG_FILE_BYTES, '// a very large file\n');
  writeFileSync(at(paths.binary), binaryBytes());
  writeFileSync(
    at(paths.invalidUtf8),
    Buffer.concat([Buffer.from("const greeting = '"), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe9]), Buffer.from("';\nmodule.exports = greeting;\n")]),
  );
  writeFileSync(at(paths.aliasBomb), yamlAliasBomb());
  writeFileSync(at(paths.configAliasBomb), `product:\n  name: hostile\n${yamlAliasBomb()}`);
  writeFileSync(at(paths.deepJson), `${'['.repeat(DEEP_JSON_DEPTH)}${']'.repeat(DEEP_JSON_DEPTH)}\n`);
  writeFileSync(
    at(paths.brokenOpenapi),
    'openapi: 3.0.0\ninfo:\n  title: [unterminated\npaths:\n  /users/{id}:\n    get: {{{{\n      responses: *missing\n\t- tab: indented\n',
  );
  const marker = JSON.stringify(installMarkerPath);
  const script = `node -e "require('fs').writeFileSync(${marker.replace(/"/g, "'")}, 'ran')"`;
  writeFileSync(
    at(paths.packageJson),
    `${JSON.stringify(
      {
        name: 'hostile',
        version: '1.0.0',
        main: 'src/server.js',
        scripts: { preinstall: script, postinstall: script, prepare: script },
        dependencies: { express: '4.17.1' },
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(at('node_modules/evil'), { recursive: true });
  writeFileSync(at(paths.vendoredScript), `require('fs').writeFileSync(${marker}, 'ran');\n`);
  writeFileSync(at('node_modules/evil/package.json'), `${JSON.stringify({ name: 'evil', scripts: { postinstall: script } })}\n`);
  writeFileSync(at(paths.server), SERVER_JS);
  writeFileSync(at(paths.htmlName), "module.exports = '<script>alert(1)</script>';\n");

  const fifo = spawnSync('mkfifo', [at(paths.fifo)], { stdio: 'ignore' });
  return {
    root,
    outsideSecretPath,
    outsideSecretToken: OUTSIDE_SECRET_TOKEN,
    installMarkerPath,
    hasFifo: fifo.status === 0,
    bigFileBytes: BIG_FILE_BYTES,
    paths,
  };
}
