const vm = require('vm');
const yaml = require('js-yaml');

module.exports = (app, upload) => {
  // The VM code is constant, but it calls js-yaml 3 load() (full schema) on the uploaded file.
  app.post('/complaints', upload.single('file'), (req, res) => {
    const data = req.file.buffer.toString();
    const sandbox = { yaml, data };
    vm.createContext(sandbox);
    // ruleid: insecure-deserialization
    const parsed = vm.runInContext('JSON.stringify(yaml.load(data))', sandbox, { timeout: 2000 });
    // ok: insecure-deserialization
    const count = vm.runInContext('data.length', sandbox);
    res.json({ parsed, count });
  });
};
