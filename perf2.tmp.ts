import { readFileSync } from 'node:fs';
import { extractFile } from './src/extract/engine.js';
import { extractor } from './src/extract/js/taint/index.js';
const unit = (i: number) => readFileSync('/tmp/unit.js', 'utf8').replaceAll('$I', String(i));
