import type { Command } from 'commander';
import { browserOrigin, lookahead, outputLatency, spareCount, tcpPort, usageError } from './option-values.js';
import { addEnsembleOptions, engineOption, type SinkFlags } from './sink-flags.js';

export function registerServer(program: Command): void {
  addEnsembleOptions(program.command('server'))
    .description('run the server in the foreground (clients start one, detached, when none is running)')
    .option('--host <host>', 'address to bind; anything but loopback needs --allow-remote', '127.0.0.1')
    .option('--allow-remote', 'let the server listen on an address other than loopback (clients still need the token)')
    .option('--allow-origin <origin...>', 'browser origins (e.g. http://localhost:5173) allowed to connect; none by default', browserOrigin)
    .option('--port <port>', 'port to listen on (default 27713, or a free one if another server holds it)', tcpPort)
    .option('--lookahead <ms>', 'how far ahead performers place new events (0–10000)', lookahead)
    .option('--output-latency <ms>', 'how long sound takes from a MIDI message to the speaker: every message goes out that much earlier (0–1000)', outputLatency)
    .option('--spares <n>', 'performers kept started and idle for new sessions (0–16)', spareCount)
    .addOption(engineOption())
    .option('--headed', 'with --engine browser: show the browser windows')
    .option('--browser <path>', 'with --engine browser: the Chromium to start (default: chromium or google-chrome on PATH)')
    .option('--nrepl [port]', "also answer Alda's REPL protocol (nREPL) on loopback, for vim-alda, alda-mode and `alda repl --client` (a free port when none is given)", tcpPort)
    .option('--with <component...>', 'also start these components (a plugin name, or a folder holding a component.json), and start them again if they exit')
    .action(async (options: ServerFlags, command: Command) => {
      if (options.engine !== 'browser' && (options.headed || options.browser !== undefined)) usageError(command, '--headed and --browser go with --engine browser');
      // Loaded when run, so that other commands do not pay for the server and the engine.
      const { runServer } = await import('../server/run-server.js');
      const { link, quantum = 4, clockOut, ...rest } = options;
      // The sessions' default: a client's own --link or --clock-out adds to it.
      await runServer({ ...rest, sessionSink: { link: link === true ? { quantum } : undefined, clockOut } });
    });
}

/** The server's flags: the sink ones (as every session's default) but its own `--port`, and no `--record`. */
interface ServerFlags extends Omit<SinkFlags, 'port' | 'record'> {
  readonly host: string;
  readonly port?: number;
  readonly lookahead?: number;
  readonly outputLatency?: number;
  readonly spares?: number;
  readonly allowRemote?: boolean;
  readonly allowOrigin?: string[];
  readonly nrepl?: number | true;
  readonly with?: string[];
}
