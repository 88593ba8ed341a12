import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SOUND_BANK_PATH } from '../../sound/sound-bank-file.js';
import type { Route } from './http-router.js';

/** The bundles `npm run build` writes (scripts/bundle-browser.mjs): src/… and dist/… are both three levels below the package. */
const BUILT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** No page of ours loads anything but from us, and none tells another site where it came from. */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; connect-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * What the server serves over HTTP for the browser performer (docs/browser.md): the page, its
 * script and AudioWorklet processor, and the sound bank. The page signs in as the live-coding
 * page does (`POST /credential`, live-page-routes.ts).
 */
export function performerPageRoutes(): Record<string, Route> {
  return {
    'GET /performer': file(`${BUILT}performer.html`, 'text/html; charset=utf-8'),
    'GET /performer/performer.js': file(`${BUILT}performer.js`, 'text/javascript; charset=utf-8'),
    'GET /performer/synth-processor.js': file(`${BUILT}synth-processor.js`, 'text/javascript; charset=utf-8'),
    'GET /performer/FluidR3Mono_GM.sf3': file(SOUND_BANK_PATH, 'application/octet-stream'),
  };
}

/** Serves one file, or says how to build it. */
function file(path: string, type: string): Route {
  return (_request, response) => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not built: run \`npm run build\` (${path} is missing)\n`);
      return;
    }
    response.writeHead(200, { ...PAGE_HEADERS, 'content-type': type, 'content-length': size });
    createReadStream(path).pipe(response);
  };
}
