/** What the page keeps in its tab's sessionStorage, so that a reload needs no new code. */
const CREDENTIAL_KEY = 'alda-live.credential';
const SESSION_KEY = 'alda-live.session';

export interface SignIn {
  readonly credential: string;
  /** The session the link named, else one of the page's own (kept across reloads of the tab). */
  readonly session: string;
}

/**
 * The page's way in (src/server/transport/page-keys.ts): `alda-live page` printed a link whose
 * fragment holds a one-time code (`#code=…&session=…`; a fragment never reaches a server, a log or
 * a Referer). The fragment is taken out of the address at once, and the code exchanged for a
 * credential kept in this tab's sessionStorage. Without a code, the credential kept is used;
 * undefined when there is neither, or the server refused the code. A link without a session
 * gives the tab a fresh one of its own.
 */
export async function signIn(): Promise<SignIn | undefined> {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('code');
  if (fragment.has('session')) sessionStorage.setItem(SESSION_KEY, fragment.get('session')!);
  if (sessionStorage.getItem(SESSION_KEY) === null) sessionStorage.setItem(SESSION_KEY, `page-${crypto.randomUUID().slice(0, 8)}`);
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  if (code !== null) {
    const response = await fetch('/credential', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), referrerPolicy: 'no-referrer' });
    if (!response.ok) return undefined;
    const { credential } = (await response.json()) as { credential: string };
    sessionStorage.setItem(CREDENTIAL_KEY, credential);
  }
  const credential = sessionStorage.getItem(CREDENTIAL_KEY);
  return credential === null ? undefined : { credential, session: sessionStorage.getItem(SESSION_KEY)! };
}

/** The credential was refused (the server restarted): forget it. */
export function signOut(): void {
  sessionStorage.removeItem(CREDENTIAL_KEY);
}
