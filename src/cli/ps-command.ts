import type { Command } from 'commander';
import type * as Connection from '../repl/connection.js';

interface Ps {
  server: { pid: number; url: string; uptime: number; rss: number | null };
  sessions: { name: string; events: number; performer: number | null; clients: number }[];
  performers: { id: string; pid: number | null; state: string; session: string | null; rss: number | null }[];
}

const mb = (bytes: number | null) => (bytes === null ? '?' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

export function registerPs(program: Command): void {
  program
    .command('ps')
    .description('list the server, its sessions and its performers')
    .option('--json', 'print the raw answer as JSON')
    .action(async (options: { json?: boolean }) => {
      const { connect, ConnectionError, describeFailure } = await loadConnection();
      try {
        const client = await connect({ start: false });
        try {
          const ps = (await client.request('ps')) as unknown as Ps;
          if (options.json) return void process.stdout.write(JSON.stringify(ps, null, 2) + '\n');
          const lines = [`server     pid ${ps.server.pid}  ${ps.server.url}  up ${ps.server.uptime.toFixed(0)} s  ${mb(ps.server.rss)}`];
          for (const p of ps.performers) {
            lines.push(`performer  pid ${p.pid ?? '?'}  ${p.state}${p.session ? ` (${p.session})` : ''}  ${mb(p.rss)}`);
          }
          for (const s of ps.sessions) lines.push(`session    ${s.name}  ${s.events} events  ${s.clients} joined`);
          process.stdout.write(lines.join('\n') + '\n');
        } finally {
          client.close();
        }
      } catch (error) {
        if (error instanceof ConnectionError && error.code === 'ALDA_NO_SERVER') {
          process.stdout.write('No server is running\n');
          return;
        }
        process.stderr.write(describeFailure(error) + '\n');
        process.exitCode = 1;
      }
    });
}

/** The client is loaded when the command runs, so that other commands do not pay for ws and zod. */
function loadConnection(): Promise<typeof Connection> {
  return import('../repl/connection.js');
}
