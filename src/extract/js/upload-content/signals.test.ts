import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per kind of fact, each carrying as few signals as it can. */
const PATHS: Record<string, string> = {
  'src/up.js': 'function up(req) { const f = req.files.a; f.mv(__dirname + "/pub/" + f.name); }\n',
  'src/multer.js': "const multer = require('multer');\nmulter({ storage: multer.diskStorage({ destination: 'pub', filename: (q, f, cb) => cb(null, f.originalname) }) });\n",
  'src/app.js': "const express = require('express');\nexpress().use(express.static('pub'));\n",
};

describe('extract/js/upload-content signals', () => {
  signalTests(extractor, PATHS);
});
