import { isLoopback } from '../../protocol/loopback.js';

/** The server was asked to listen beyond loopback without the flag that allows it. */
export class RemoteBindingError extends Error {
  readonly code = 'ALDA_REMOTE_NOT_ALLOWED';
}

/**
 * Any address but loopback lets other machines reach the server, so it takes an explicit
 * `allowRemote` (`alda-live server --allow-remote`); the token is required either way.
 */
export function checkBinding(host: string, allowRemote: boolean | undefined): void {
  if (isLoopback(host) || allowRemote === true) return;
  throw new RemoteBindingError(
    `Refusing to listen on ${host}: other machines could reach the server. Pass --allow-remote to mean it (clients still need the token)`,
  );
}
