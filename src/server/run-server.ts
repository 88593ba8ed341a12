import type { SinkOptions } from '../protocol/messages.js';
import { findBrowser } from '../processes/find-browser.js';
import { sessionScore } from './session/thread-score.js';
import { startServer } from './server.js';
import { ComponentProcesses, findComponent } from './components.js';
import type { Component } from '../protocol/component-manifest.js';
import { serverAnswers } from '../protocol/server-probe.js';
import { readServerState, stateDir, stateProcessAlive } from '../protocol/state-file.js';
import { DEFAULT_PORT, type HeadStart } from './head-start.js';
import type { PerformerEngine } from '../protocol/performer-engine.js';
import { raiseServingPriority, raiseServingToRealTime } from '../processes/serving-priority.js';

export interface RunServerOptions {
  readonly host?: string | undefined;
  /** Given: that port or fail. Omitted: 27713, or any free port if another state dir's server holds it. */
  readonly port?: number | undefined;
  readonly lookahead?: number | undefined;
  readonly outputLatency?: number | undefined;
  /** What every session plays on unless its client says more (`--link`, `--clock-out`). */
  readonly sessionSink?: SinkOptions | undefined;
  readonly spares?: number | undefined;
  /** Listen on an address other than loopback (docs/security.md). */
  readonly allowRemote?: boolean | undefined;
  /** Browser origins allowed to connect. */
  readonly allowOrigin?: readonly string[] | undefined;
  /** Alda's REPL endpoint (nREPL) on this port (`true`: a free one); its port goes to `.alda-nrepl-port` in the working directory. */
  readonly nrepl?: number | true | undefined;
  /** What the spare performers play with; `browser` starts Chromium (`headed`: in a window; `browser`: which one). */
  readonly engine?: PerformerEngine | undefined;
  readonly headed?: boolean | undefined;
  readonly browser?: string | undefined;
  /** Components to start with the server (`--with`): plugin names or folders holding a component.json. */
  readonly with?: readonly string[] | undefined;
  /** Listening already, its first performer started (the server process's entry point). */
  readonly headStart?: HeadStart | undefined;
}

/** How long after it listens the server's event loop becomes real-time: after a cold `play`'s first notes. */
const REAL_TIME_AFTER = 1000;

/** Runs the server until it is told to shut down or gets SIGTERM/SIGINT. */
export async function runServer(options: RunServerOptions): Promise<void> {
  raiseServingPriority();
  const dir = stateDir();
  const existing = readServerState(dir);
  // A state file is trusted only if its server answers: a stale one (its process gone, or its pid
  // reused by another) is replaced. One whose process is gone is not asked: our own head start may
  // be listening on its port, and would hold the question unanswered.
  if (existing && existing.pid !== process.pid && stateProcessAlive(existing) && (await serverAnswers(existing))) {
    process.stderr.write(`A server is already running for ${dir}: ${existing.url} (pid ${existing.pid})\n`);
    process.exitCode = 1;
    return;
  }
  if (options.engine === 'browser') {
    try {
      findBrowser(options.browser);
    } catch (error) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
  }
  let components: Component[];
  try {
    components = (options.with ?? []).map(findComponent);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const common = {
    host: options.host,
    allowRemote: options.allowRemote,
    allowedOrigins: options.allowOrigin,
    stateDir: dir,
    newScore: sessionScore,
    lookahead: options.lookahead,
    outputLatency: options.outputLatency,
    sessionSink: options.sessionSink,
    spares: options.spares,
    launch: options.engine === 'browser' ? ({ engine: 'browser', headed: options.headed ?? false, browser: options.browser } as const) : undefined,
    nrepl: options.nrepl === undefined ? undefined : { port: options.nrepl === true ? 0 : options.nrepl, portFileDir: process.cwd() },
  };
  let server;
  try {
    server = await startServer({ ...common, port: options.port ?? DEFAULT_PORT, headStart: options.headStart });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port !== undefined) {
      process.stderr.write(`Cannot listen: ${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    server = await startServer({ ...common, port: 0 });
  }
  process.stdout.write(`alda-live server listening on ${server.url} (pid ${process.pid}); state in ${dir}\n`);
  setTimeout(raiseServingToRealTime, REAL_TIME_AFTER).unref();
  if (server.nreplPort !== undefined) process.stdout.write(`nREPL server started on port ${server.nreplPort} on host 127.0.0.1 - nrepl://127.0.0.1:${server.nreplPort}\n`);
  const started = components.length === 0 ? undefined : new ComponentProcesses(components, { url: server.url, token: server.token, stateDir: dir }, (line) => process.stderr.write(line + '\n'));
  for (const { manifest } of components) process.stdout.write(`with ${manifest.name} (${manifest.role}${manifest.service ? ` ${manifest.service}` : ''})\n`);
  const end = () => void server.close();
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  await server.closed;
  await started?.close();
  // Everything that matters is closed; don't wait out the close handshakes of departed clients.
  process.exit(0);
}

export { warmUp } from './warm-up.js';
