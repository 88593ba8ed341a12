/** The WebSocket address a server listening on `host`:`port` is reached at (an IPv6 address in brackets). */
export function serverUrl(host: string, port: number): string {
  return `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
