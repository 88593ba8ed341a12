import { printBuiltHelp } from './built-help.js';
import { loadEarlyLaunch } from './early-launch-bundle.js';
import { loadParseAction } from './parse-bundle.js';
import { loadPlayAction } from './play-bundle.js';
import { plainParse } from './plain-parse.js';
import { plainPlay } from './plain-play.js';

/*
 * What `alda-live` runs first (bin/alda-live.js, as CommonJS: Node starts a CommonJS main without
 * its ES module loader and the thirty of its own modules that loader reads, which `parse` never
 * needs). A plain `parse` runs from its code-cached bundle (and writes with writeSync: it never
 * makes `process.stdout`, a stream on a file, a socket on a pipe); `--help` prints the text the build
 * took from commander; every other command line goes to commander, in the ES modules of main.ts.
 * A `play` with no server running starts its server first of all, held (src/cli/early-launch.ts):
 * it boots while this process reads the rest; a plain `play` runs from its code-cached bundle too.
 */

const args = process.argv.slice(2);
const parse = plainParse(args);
if (parse) {
  loadParseAction().runParse(parse);
  // All written (writeSync). Ending here spares the scavenge of the young generation V8 has queued
  // as a task by now (loading the engine fills most of it), which the event loop would run first:
  // 4-5 ms and ≈120 fresh pages of a one-note parse. An error went to process.stderr, which may
  // still be writing to a pipe (not on Linux): that process ends as usual.
  if (process.exitCode === undefined) process.exit();
} else {
  // Any `play`: its help or a bad option cancel the launch as this process exits.
  if (args[0] === 'play') loadEarlyLaunch().launchEarly();
  const play = plainPlay(args);
  if (play) void loadPlayAction().runPlay(play);
  else if (!printBuiltHelp(args)) void import('./main.js');
}
