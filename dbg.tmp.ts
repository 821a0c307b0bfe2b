import { scan } from './src/extract/js/taint/support.test.js';
const lib = `import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import unzipper from 'unzipper'
import { type NextFunction, type Request, type Response } from 'express'
async function extractZipBuffer (buffer: Buffer) {
  const directory = await unzipper.Open.buffer(buffer)
  for (const entry of directory.files) {
    const fileName = entry.path
    const absolutePath = path.resolve('uploads/complaints/' + fileName)
    if (absolutePath.includes(path.resolve('.'))) {
      await pipeline(entry.stream(), fs.createWriteStream('uploads/complaints/' + fileName))
    }
  }
}
`;
console.log(1, scan(lib + `async function handleZipFileUpload ({ file }: Request, res: Response, next: NextFunction) { await extractZipBuffer(file.buffer) }\nexport { handleZipFileUpload }`, 'a.ts'));
console.log(2, scan(lib + `export async function h ({ file }: Request, res: Response) { await extractZipBuffer(file.buffer) }`, 'a.ts'));
console.log(3, scan(lib + `export function h (req, res) { extractZipBuffer(req.file.buffer) }`, 'a.ts'));
