import { readFileSync } from 'node:fs';
import { packageFile } from '../util/package-root.js';

const pkg = JSON.parse(readFileSync(packageFile(import.meta.url, 'package.json'), 'utf8')) as { version: string };

export const VERSION: string = pkg.version;
