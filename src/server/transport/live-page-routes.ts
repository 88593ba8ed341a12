import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost, ownOrigin } from './check-upgrade.js';
import type { Route } from './http-router.js';
import type { PageKeys } from './page-keys.js';

export interface LivePageRoutesOptions {
  readonly keys: PageKeys;
  /** The server listens on loopback: the page is served only then. */
  readonly loopback: boolean;
  /** Where `npm run build` put the page (index.html, page.js, page.css). */
  readonly dir: URL;
}

/** The page's files, by path, with their types. */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};

/** A body a credential request may have, at most: `{"code": "…"}`. */
const MAX_CREDENTIAL_BODY = 1024;

/** Where the built page is, from this module in src/ (under tsx) or dist/ alike. */
export const PAGE_DIR = new URL('../../../dist/page/', import.meta.url);

/**
 * The live-coding page over plain HTTP (docs/browser.md): its files, and `POST /credential`, which
 * spends a one-time code for a page credential (page-keys.ts). Served on loopback only, to a Host
 * naming loopback; the exchange is taken only from the page's own origin.
 */
export function livePageRoutes(options: LivePageRoutesOptions): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [path, { file, type }] of Object.entries(FILES)) {
    routes[`GET ${path}`] = (request, response) => {
      if (!servable(request, response, options)) return;
      readFile(new URL(file, options.dir)).then(
        (body) => response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'content-security-policy': policy(request) }).end(body),
        () => plain(response, 503, 'The live-coding page is not built: run `npm run build`'),
      );
    };
  }
  routes['POST /credential'] = (request, response) => {
    if (!servable(request, response, options)) return;
    if (request.headers.origin !== ownOrigin(request)) return plain(response, 403, 'Forbidden origin');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return plain(response, 415, 'Send {"code": …} as application/json');
    readBody(request, MAX_CREDENTIAL_BODY).then(
      (body) => {
        const code = parseCode(body);
        const credential = code === undefined ? undefined : options.keys.redeem(code);
        if (credential === undefined) return plain(response, 403, 'This code was used already, or has expired: run `alda-live page` again');
        response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json' }).end(JSON.stringify({ credential }));
      },
      () => plain(response, 413, `A credential request is ${MAX_CREDENTIAL_BODY} bytes at most`),
    );
  };
  return routes;
}

/** Nothing is cached, nothing is framed, no Referer leaves the page, and nothing is sniffed. */
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/**
 * The page loads its own script and style, and connects only back to us. (CodeMirror sets styles
 * inline; the performer's AudioWorklet decodes the bank's Vorbis with WebAssembly.)
 */
function policy(request: IncomingMessage): string {
  const host = request.headers.host ?? '';
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ws://${host}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Loopback server, loopback Host: else answered here (404, 403) and false. */
function servable(request: IncomingMessage, response: ServerResponse, options: LivePageRoutesOptions): boolean {
  if (!options.loopback) {
    plain(response, 404, 'The live-coding page is served only by a server on loopback');
    return false;
  }
  if (!isLoopbackHost(request)) {
    plain(response, 403, 'Forbidden host');
    return false;
  }
  return true;
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(text + '\n');
}

function parseCode(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { code?: unknown };
    return typeof value?.code === 'string' ? value.code : undefined;
  } catch {
    return undefined;
  }
}

/** The body, or a rejection once it passes `limit` (the rest is read and dropped, so the answer still goes out). */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(new Error('too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}
