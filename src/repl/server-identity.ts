import type { ServerState } from '../protocol/state-file.js';

/**
 * Which server launch a client speaks to. A pid alone is not enough (servers in one test
 * process share it) and a port is reused; a launch has one pid, url and start time together.
 */
export const serverIdentity = (state: ServerState): string => `${state.pid}@${state.url}@${state.startedAt}`;
