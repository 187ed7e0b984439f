// `npm ci` when node_modules is missing or older than package-lock.json; a no-op otherwise, so a
// repeated Maven build does not reinstall. Says what is missing when npm cannot be run.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) process.exit(0);
console.log('[webapp] installing the front-end packages (npm ci)');
try {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
} catch (e) {
  console.error('[webapp] npm ci failed: the npm registry (registry.npmjs.org) must be reachable on a first build');
  process.exit(1);
}
