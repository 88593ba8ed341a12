import type { Command } from 'commander';
import { browserOrigin, lookahead, spareCount, tcpPort } from './option-values.js';

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('run the server in the foreground (clients start one, detached, when none is running)')
    .option('--host <host>', 'address to bind; anything but loopback needs --allow-remote', '127.0.0.1')
    .option('--allow-remote', 'let the server listen on an address other than loopback (clients still need the token)')
    .option('--allow-origin <origin...>', 'browser origins (e.g. http://localhost:5173) allowed to connect; none by default', browserOrigin)
    .option('--port <port>', 'port to listen on (default 27713, or a free one if another server holds it)', tcpPort)
    .option('--lookahead <ms>', 'how far ahead performers place new events (0–10000)', lookahead)
    .option('--spares <n>', 'performers kept started and idle for new sessions (0–16)', spareCount)
    .option('--nrepl [port]', "also answer Alda's REPL protocol (nREPL) on loopback, for vim-alda, alda-mode and `alda repl --client` (a free port when none is given)", tcpPort)
    .option('--with <component...>', 'also start these components (a plugin name, or a folder holding a component.json), and start them again if they exit')
    .action(async (options: { with?: string[]; host: string; port?: number; lookahead?: number; spares?: number; allowRemote?: boolean; allowOrigin?: string[]; nrepl?: number | true }) => {
      // Loaded when run, so that other commands do not pay for the server and the engine.
      const { runServer } = await import('../server/run-server.js');
      await runServer(options);
    });
}

