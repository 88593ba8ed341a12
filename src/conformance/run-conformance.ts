import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Candidate } from './candidate.js';
import { clientTiers } from './client-tiers.js';
import { KitServer } from './kit-server.js';
import { performerTiers } from './performer-tiers.js';
import { scorecard, type TierResult } from './scorecard.js';
import { serviceTiers } from './service-tiers.js';

export type Role = 'performer' | 'client' | 'service';

export interface ConformanceOptions {
  readonly role: Role;
  readonly command: readonly string[];
  /** The folder the command runs in (a component's, from its manifest). */
  readonly cwd?: string | undefined;
  /** The body of the request a service candidate is asked (a JSON object). */
  readonly body?: Record<string, unknown> | undefined;
  /** How long a client candidate may run, in ms. @default 30000 */
  readonly clientTimeout?: number | undefined;
  /** Stop at the first required tier that fails. */
  readonly bail?: boolean | undefined;
}

/**
 * `alda-live conformance ROLE -- COMMAND...`: starts a server of its own (loopback, a free port,
 * a temp state dir), runs the candidate with the server's address in its environment, drives it
 * through the tiers of its role, and prints the scorecard. Resolves whether every required tier
 * passed.
 */
export async function runConformance(options: ConformanceOptions, write: (text: string) => void = (text) => process.stdout.write(text)): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-conformance-'));
  const kit = await KitServer.start(dir);
  const candidate = new Candidate(options.command, options.cwd, { url: kit.url, token: kit.token, tokenFile: kit.tokenFile, stateDir: dir });
  let tiers: TierResult[];
  try {
    tiers =
      options.role === 'performer'
        ? await performerTiers(kit, candidate, dir, options.bail)
        : options.role === 'service'
          ? await serviceTiers(kit, candidate, options.body ?? {}, options.bail)
          : await clientTiers(kit, candidate, options.clientTimeout ?? 30_000);
  } finally {
    await candidate.stop();
    await kit.close();
  }
  const card = scorecard(`alda-live conformance ${options.role}: ${options.command.join(' ')}`, tiers);
  write(card.text);
  if (!card.pass) {
    if (candidate.output.length > 0) write(`The candidate's last lines:\n${candidate.output.map((line) => `  | ${line}`).join('\n')}\n`);
    const refused = kit.log.filter((line) => /Invalid|refused|silent/.test(line));
    if (refused.length > 0) write(`The server's log:\n${refused.slice(-10).map((line) => `  | ${line}`).join('\n')}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  return card.pass;
}
