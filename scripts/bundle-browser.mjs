/**
 * Bundles what the server serves to browsers (run after `tsc`): the performer page's script and
 * its AudioWorklet processor, each one self-contained file in dist/web/, with everything they
 * import (spessasynth_core, zod) inside: nothing is fetched from anywhere else at run time.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/web/`;

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: {
    performer: `${root}src/browser/performer/page-main.ts`,
    'synth-processor': `${root}src/browser/performer/synth-processor.ts`,
  },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
await copyFile(`${root}src/browser/performer/performer.html`, `${outdir}performer.html`);
