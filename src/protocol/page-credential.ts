/**
 * How the live-coding page presents itself on its WebSocket upgrade (a browser can set no
 * header): it offers two subprotocols, `alda-live` and `alda-live.credential.CRED`, the second
 * carrying the credential it got for a one-time code (src/server/transport/page-keys.ts). The
 * server answers with `alda-live` alone, never echoing the credential.
 */
export const PAGE_PROTOCOL = 'alda-live';
export const CREDENTIAL_PROTOCOL = 'alda-live.credential.';
