import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFile } from '../../engine.js';
import { extractor } from './index.js';
import { allowedTypes } from './uploads.js';

const run = (path: string, content: string): Record<string, unknown>[] => extractFile({ path, content }, [extractor]).facts.flatMap((f) => (f.kind === 'config' ? [{ setting: f.setting, line: f.evidence.line, ...f.values }] : []));

describe('js/upload-content', () => {
  it('reads the folder from the fixed start of a concatenated or joined upload path', () => {
    const code = [
      'function up(req, res) {',
      '  const f = req.files.pic;',
      "  const dir = __dirname + `/../assets/uploads/${req.user.name}/`;",
      '  f.mv(dir + f.name);',
      "  f.mv(path.join(__dirname, '..', 'public', f.name));",
      "  f.mv(__dirname + '/../tmp/upload.bin');",
      '}',
    ].join('\n');
    const out = run('src/controllers/up.js', code).map((f) => `${String(f.dir)}:${String(f.types)}:${f.line}`);
    // The third write uses a fixed name of the server's choosing: not the client's type.
    assert.deepEqual(out, ['src/assets/uploads:any:4', 'src/public:any:5']);
  });

  it('tells allow-lists that admit SVG or HTML from passive ones', () => {
    assert.equal(allowedTypes("const ok = ['.png', '.jpg', '.svg']; if (!ok.includes(path.extname(n))) return;"), 'active');
    assert.equal(allowedTypes("if (!file.mimetype.startsWith('image/')) return cb(null, false);"), 'active', 'image/svg+xml passes an image/ prefix');
    assert.equal(allowedTypes('if (!/\\.(png|jpe?g|html)$/.test(name)) throw e;'), 'active');
    assert.equal(allowedTypes("if (!['image/png', 'image/jpeg'].includes(file.mimetype)) return;"), 'restricted');
    assert.equal(allowedTypes("if (file.mimetype === 'image/svg+xml') return cb(new Error('no svg'));"), 'restricted');
    assert.equal(allowedTypes('cb(null, true)'), 'any');
  });

  it('records static folders, their mount path and download-only headers; relative folders resolve to the package', () => {
    const code = ["app.use('/u', express.static('uploads', { setHeaders: (res) => res.attachment() }));", "app.use(express.static(path.join(__dirname, 'public')));"].join('\n');
    const facts = extractFile({ path: 'srv/app.js', content: code }, [extractor]).facts;
    const linked = extractor.link!([...facts, { kind: 'project', name: 'srv', root: 'srv', language: 'javascript', ecosystem: 'npm', frameworks: [], role: 'service', evidence: { file: 'srv/package.json', line: 1 }, key: 'p' } as never]);
    const served = linked.flatMap((f) => (f.kind === 'config' ? [`${String(f.values.path)}:${String(f.values.dir)}:${String(f.values.defused)}`] : []));
    assert.deepEqual(served, ['/u:srv/uploads:true', '/:srv/public:false']);
  });
});

describe('js/upload-content sendFile', () => {
  it('records folders a route sends files from by request, not fixed pages', () => {
    const code = [
      "app.get('/', (req, res) => res.sendFile(path.join(__dirname, 'build', 'index.html')));",
      "app.get('/f/:n', (req, res) => res.sendFile(path.join(__dirname, 'files', req.params.n)));",
      "app.get('/d/:n', (req, res) => { res.attachment(); res.sendFile(req.params.n, { root: 'docs' }); });",
    ].join('\n');
    const out = run('app.js', code).map((f) => `${String(f.dir)}:${String(f.defused)}:${f.line}`);
    assert.deepEqual(out, ['files:false:2', '@cwd/docs:true:3']);
  });
});
