import { parseSync } from 'oxc-parser';
import { extractFile } from './src/extract/engine.js';
import { extractor } from './src/extract/js/taint/index.js';
const unit = (i: number) => `
const svc${i} = require('./svc${i}');
function helper${i}(a, b) { const x = a + b; if (x.length > 3) { return x.trim(); } return b; }
class Ctl${i} {
  constructor(repo) { this.repo = repo; }
  async list(req, res) {
    const q = req.query.q;
    const rows = await this.repo.query('SELECT * FROM t${i} WHERE name = $1', [q]);
    const items = rows.map((r) => ({ id: r.id, name: r.name.toUpperCase() }));
    for (const it of items) { if (it.id > 3) { console.log('item', it.id); } }
    res.json(items.filter((x) => x.name.includes(helper${i}(q, 'a'))));
  }
}
router.get('/r${i}/:id', async (req, res, next) => {
  try {
    const { id } = req.params;
    const data = await svc${i}.load(id, { deep: true, opts: [1, 2, 3] });
    const out = Object.keys(data).reduce((acc, k) => { acc[k] = data[k]; return acc; }, {});
    res.status(200).json({ ok: true, out, msg: \`loaded \${id}\` });
  } catch (e) { next(e); }
});
export function util${i}(s) { return s.split(',').map((p) => p.trim()).filter(Boolean).join(' '); }
`;
const content = Array.from({ length: 3000 }, (_, i) => unit(i)).join('\n');
console.log('size MB', (content.length / 1e6).toFixed(2));
let t = performance.now();
for (let k = 0; k < 3; k++) parseSync('big.js', content, { sourceType: 'unambiguous', range: false });
const parse = (performance.now() - t) / 3;
t = performance.now();
for (let k = 0; k < 3; k++) extractFile({ path: 'src/big.js', content }, [extractor]);
const total = (performance.now() - t) / 3;
console.log('parse ms', parse.toFixed(0), 'parse+taint ms', total.toFixed(0), 'taint only ms', (total - parse).toFixed(0), 'MB/s taint', (content.length / 1e3 / (total - parse)).toFixed(1));
