/**
 * Bundles what runs in Node (after `tsc`, which still builds every module into dist/):
 *
 * - the command line, into dist/bundle/: one file for what every command needs, and a chunk per
 *   command's action, loaded only when it runs;
 * - the server and the performer, each into one file that takes the place of its entry point
 *   (dist/server/entry.js, dist/performer/entry.js), which is what a client and the server spawn.
 *
 * Node then reads a handful of files at start instead of hundreds, and parses no CommonJS. The
 * threads and helper processes these start (score thread, synth worker, …) stay tsc's modules.
 *
 * A bundled module keeps the `import.meta.url` its own dist/ file would have, so what it finds
 * relative to itself (package.json, the performer's entry point) is where it was.
 */
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src/`;
const manifest = JSON.parse(await readFile(`${root}package.json`, 'utf8'));

/** `import.meta.url` of a source file, as the URL of its compiled file in dist/, seen from a bundle in `outdir`. */
const ownUrl = (outdir) => ({
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const compiled = relative(outdir, `${root}dist/${relative(src, path)}`).replace(/\.ts$/, '.js');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, import.meta.url).href`), loader: 'ts' };
    });
  },
});

/**
 * zod's `z` namespace holds `z.locales`, its error messages in 64 languages (half of what a bundle
 * with zod is to read and compile at every start): only English is ever configured, so only it is
 * bundled.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) =>
      importer.includes('/node_modules/zod/') ? { path: fileURLToPath(new URL('../locales/index.js', `file://${importer}`)), namespace: 'zod-locales' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, ({ path }) => ({
      contents: `export { default as en } from ${JSON.stringify(path.replace(/index\.js$/, 'en.js'))};`,
      resolveDir: dirname(path),
    }));
  },
};

/** Bundles `entryPoints` into `outdir`, with these plain-JS packages in it; the other packages stay in node_modules. */
function bundle({ entryPoints, outdir, bundled, splitting }) {
  return build({
    entryPoints,
    outdir,
    bundle: true,
    splitting,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(manifest.dependencies).filter((name) => !bundled.includes(name)),
    // For the CommonJS packages bundled (commander's `require('node:events')`).
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
    plugins: [ownUrl(outdir), englishOnly],
  });
}

await rm(`${root}dist/bundle/`, { recursive: true, force: true });
/** zod and ws are a hundred modules to read at every start of a command that talks to a server, of the server, of a performer. */
const bundled = ['arcsecond', 'commander', 'zod', 'ws'];
await bundle({ entryPoints: { main: `${src}cli/main.ts` }, outdir: `${root}dist/bundle/`, bundled, splitting: true });
for (const process of ['server', 'performer']) {
  await bundle({ entryPoints: { entry: `${src}${process}/entry.ts` }, outdir: `${root}dist/${process}/`, bundled, splitting: false });
}
