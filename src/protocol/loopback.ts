const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** A host name or address that only this machine reaches. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

/** Whether a URL's host is loopback (a URL writes an IPv6 address in brackets). */
export function isLoopbackUrl(url: string | URL): boolean {
  return isLoopback(new URL(url).hostname.replace(/^\[(.*)\]$/, '$1'));
}
