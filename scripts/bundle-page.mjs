/**
 * Bundles the live-coding page (src/page/) into dist/page/: index.html, page.css and one script,
 * page.js, with CodeMirror and the protocol's schemas in it. The server serves these files and
 * nothing else (src/server/transport/page-routes.ts): no CDN, nothing fetched from elsewhere.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/page/`;

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: { page: `${root}src/page/main.ts` },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome110',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
await Promise.all(['index.html', 'page.css'].map((file) => copyFile(`${root}src/page/${file}`, `${outdir}${file}`)));
