import { requireCodeCached } from '../processes/code-cached-bundle.js';

/**
 * `runParse` from its bundle, dist/bundle/parse-action.cjs, compiled with the code cache the build
 * wrote beside it (the engine is most of what `parse` runs, and compiling it anew at every run
 * cost a tenth of `parse -o data` of a 100 KB score).
 */
export const loadParseAction = (): typeof import('./parse-action.js') =>
  requireCodeCached(new URL('../bundle/parse-action.cjs', import.meta.url)) as typeof import('./parse-action.js');
