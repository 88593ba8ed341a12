import { loadParseAction } from './parse-bundle.js';
import { plainParse } from './plain-parse.js';

/*
 * What `alda-live` runs first (bin/alda-live.js, as CommonJS: Node starts a CommonJS main without
 * its ES module loader and the thirty of its own modules that loader reads, which `parse` never
 * needs). A plain `parse` runs from its code-cached bundle (and writes with writeSync: it never
 * makes `process.stdout`, a stream on a file, a socket on a pipe); every other command line goes to
 * commander, in the ES modules of main.ts.
 */

const parse = plainParse(process.argv.slice(2));
if (parse) loadParseAction().runParse(parse);
else void import('./main.js');
