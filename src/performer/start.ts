import { requireCodeCached } from '../processes/code-cached-bundle.js';

/*
 * The performer process's entry point in the build (dist/performer/start.cjs, spawned by
 * src/processes/performer-script.ts): CommonJS, so that Node starts without its ES module loader,
 * and its code is one CommonJS file, bundled-performer.cjs, run with the V8 code cache the build
 * wrote beside it (scripts/bundle-cli.mjs), as the server's is: a cold `play` waits for this
 * process to connect, and compiling its quarter megabyte anew at every start was most of the time
 * between its boot and its connection.
 */
const { runPerformerProcess } = requireCodeCached(new URL('./bundled-performer.cjs', import.meta.url)) as typeof import('./performer-process.js');
void runPerformerProcess();
