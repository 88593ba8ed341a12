/** Where a page keeps its credential: its tab's sessionStorage, so that a reload needs no new code. */
const CREDENTIAL_KEY = 'alda-live.credential';

/**
 * The one way into the server for both of its pages, the live-coding page and the performer page
 * (src/server/transport/page-keys.ts): whoever holds the token (`alda-live page`, or the server
 * launching a browser performer) puts a one-time code in the page's fragment (`#code=…`; a
 * fragment never reaches a server, a log or a Referer). The page takes the fragment out of its
 * address at once (`takeFragment`), then trades the code for a page credential (`signIn`).
 */
export function takeFragment(): URLSearchParams {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  return fragment;
}

/**
 * The page credential: the code exchanged for one (`POST /credential`), kept in the tab; without
 * a code, the one kept. Undefined when there is neither, or the server refused the code.
 */
export async function signIn(code: string | null): Promise<string | undefined> {
  if (code !== null) {
    const response = await fetch('/credential', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), referrerPolicy: 'no-referrer', cache: 'no-store' });
    if (!response.ok) return undefined;
    const { credential } = (await response.json()) as { credential: string };
    sessionStorage.setItem(CREDENTIAL_KEY, credential);
  }
  return sessionStorage.getItem(CREDENTIAL_KEY) ?? undefined;
}

/** The credential was refused (the server restarted): forget it. */
export function signOut(): void {
  sessionStorage.removeItem(CREDENTIAL_KEY);
}
