import type { Command } from 'commander';
import { withRunningServer } from './running-server.js';

const mb = (bytes: number | null) => (bytes === null ? '?' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);

export function registerPs(program: Command): void {
  program
    .command('ps')
    .description('list the server, its sessions (playing or idle) and its performers')
    .option('--json', 'print the raw answer as JSON')
    .action((options: { json?: boolean }) =>
      withRunningServer('No server is running', async (client) => {
        const ps = await client.request('ps');
        // Loaded when run, as the client is: the option definitions of every command load at each start.
        const { describeLink } = await import('../client/link-status.js');
        if (options.json) return void process.stdout.write(JSON.stringify(ps, null, 2) + '\n');
        const lines = [`server     pid ${ps.server.pid}  ${ps.server.url}  up ${ps.server.uptime.toFixed(0)} s  ${mb(ps.server.rss)}`];
        for (const p of ps.performers) {
          lines.push(`performer  pid ${p.pid ?? '?'}  ${p.state}${p.session ? ` (${p.session})` : ''}${p.for ? `  for ${p.for}` : ''}  ${mb(p.rss)}`);
        }
        for (const s of ps.sessions) {
          lines.push(`session    ${s.name}  ${s.playing ? 'playing' : 'idle'}  ${s.events} events  ${s.clients} joined${s.link ? `  ${describeLink(s.link)}` : ''}`);
        }
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );
}

