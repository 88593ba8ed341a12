import { runPerformerProcess } from './performer-process.js';

/** The performer process's entry point from sources (under tsx, as the tests run it); the build's is start.ts. */
await runPerformerProcess();
