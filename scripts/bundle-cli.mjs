/**
 * Bundles the command line (run after `tsc`, which still builds every module into dist/): one file
 * for what every command needs, and a chunk per command's action, loaded only when it runs. Node
 * then reads a handful of files at start instead of a hundred, and parses no CommonJS.
 *
 * A bundled module keeps the `import.meta.url` its own dist/ file would have, so what it finds
 * relative to itself (package.json, the performer's entry point) is where it was.
 */
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src/`;
const outdir = `${root}dist/bundle/`;
const manifest = JSON.parse(await readFile(`${root}package.json`, 'utf8'));
/** Plain-JS packages every command loads go into the bundle; the rest stay in node_modules. */
const bundled = new Set(['arcsecond', 'commander']);
const external = Object.keys(manifest.dependencies).filter((name) => !bundled.has(name));

/** `import.meta.url` of a source file, as the URL of its compiled file in dist/. */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const compiled = relative(outdir, `${root}dist/${relative(src, path)}`).replace(/\.ts$/, '.js');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${src}cli/main.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // For the CommonJS packages bundled (commander's `require('node:events')`).
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
  plugins: [ownUrl],
});
