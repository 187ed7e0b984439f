// Writes .br and .gz beside every compressible file of the build, so the gateway serves them as they are
// (no compression on the request path). A variant that is not smaller than its original is not kept.
// Also writes files.txt, the list of the app's files (without the variants), which the gateway reads
// at start to load them: a jar's folder cannot be listed through the class loader.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'target/classes/META-INF/webapp';
const compressible = /\.(html|js|mjs|css|svg|json|txt|webmanifest|map)$/;
let files = 0, raw = 0, br = 0;
const listed = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (/\.(br|gz)$/.test(name) || (dir === root && name === 'files.txt')) continue;
    listed.push(path.slice(root.length + 1).split('\\').join('/'));
    if (!compressible.test(name)) continue;
    const bytes = readFileSync(path);
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    const gzip = gzipSync(bytes, { level: 9 });
    if (brotli.length < bytes.length) writeFileSync(path + '.br', brotli);
    if (gzip.length < bytes.length) writeFileSync(path + '.gz', gzip);
    files++; raw += bytes.length; br += Math.min(brotli.length, bytes.length);
  }
}
walk(root);
writeFileSync(join(root, 'files.txt'), listed.sort().join('\n') + '\n');
console.log(`compressed ${files} files: ${raw} bytes, ${br} bytes as brotli`);
