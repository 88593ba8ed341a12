import { spawn, type ChildProcess } from 'node:child_process';
import { findBrowser } from '../processes/find-browser.js';
import { ourScript } from '../processes/our-script.js';
import { performerScript } from '../processes/performer-script.js';
import { filterStderr } from '../processes/stderr-filter.js';
import type { PerformerLaunch } from './performer-pool.js';

export interface SpawnPerformerOptions {
  readonly url: string;
  readonly token: string;
  readonly worker: string;
  readonly launch: PerformerLaunch;
  /** A one-time code for a browser performer's page (it never gets the token in a URL or on a command line). */
  readonly pageCode: () => string;
  readonly lookahead?: number | undefined;
  readonly outputLatency?: number | undefined;
  /** Where the performer's own stderr lines go, once ALSA's noise is taken out. */
  readonly log: (line: string) => void;
}

/**
 * Starts a performer process that connects back to us as worker `worker`: the Node performer,
 * or the host of a browser performer (src/browser/launch), whose page connects back. A browser
 * that is not there is refused here, with how to get one (ALDA_NO_BROWSER).
 */
export function spawnPerformer(options: SpawnPerformerOptions): ChildProcess {
  const { launch } = options;
  const flags = ['--worker', options.worker, '--parent-pid', String(process.pid)];
  if (options.lookahead !== undefined) flags.push('--lookahead', String(options.lookahead));
  let script: { command: string; args: string[] };
  let env: NodeJS.ProcessEnv;
  if (launch.engine === 'browser') {
    script = ourScript('../browser/launch/host-entry', import.meta.url);
    flags.push('--base', options.url.replace(/^ws:/, 'http:'), '--browser', findBrowser(launch.browser));
    if (launch.headed) flags.push('--headed');
    env = { ...process.env, ALDA_LIVE_PAGE_CODE: options.pageCode() };
  } else {
    script = performerScript();
    flags.push('--connect', options.url);
    if (options.outputLatency !== undefined) flags.push('--output-latency', String(options.outputLatency));
    env = { ...process.env, ALDA_LIVE_TOKEN: options.token };
  }
  // A node performer leads a session of its own, and so (where Linux groups CPU time by session,
  // `sched_autogroup`) a group of its own: the CPU time that the server's group spends compiling
  // a score is not charged to the performer's wake-ups. It still ends with the server: it is told
  // to shut down, or exits once it finds its parent gone.
  const child = spawn(script.command, [...script.args, ...flags], { env, stdio: ['ignore', 'ignore', 'pipe'], detached: launch.engine !== 'browser' });
  filterStderr(child.stderr!, options.log);
  return child;
}
