import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * What the server serves over plain HTTP, by method and path (`GET /`); anything else gets
 * `fallback`. The WebSocket upgrades do not come here: they are the WebSocket transport's.
 */
export function httpRouter(routes: Readonly<Record<string, Route>>, fallback: Route): RequestListener {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    (routes[`${request.method} ${path}`] ?? fallback)(request, response);
  };
}
