import { requireCodeCached } from '../processes/code-cached-bundle.js';

/**
 * `runPlay` from its bundle, dist/bundle/play-action.cjs (the play, its check of the score, the
 * client and ws), compiled with the code cache the build wrote beside it, as `parse`'s is: for a
 * plain `play` (src/cli/plain-play.ts), which compiles nothing of ours from source at start.
 */
export const loadPlayAction = (): typeof import('./play-action.js') =>
  requireCodeCached(new URL('../bundle/play-action.cjs', import.meta.url)) as typeof import('./play-action.js');
