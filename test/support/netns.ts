import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Network namespaces made for one test, joined by a bridge in a namespace of their own: each
 * holds one "machine" of an ensemble. Ableton Link announces itself by multicast on every
 * interface that is up, so everything that enables Link runs inside these, never in the
 * machine's own namespace; nothing here touches that one. `remove()` deletes them all (their
 * interfaces go with them), and so does this process's exit.
 */
export interface Namespaces {
  readonly names: readonly string[];
  /** Runs `command` inside namespace `index`. */
  spawn(index: number, command: string, args: readonly string[], options?: SpawnOptions): ChildProcess;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Why this machine cannot make namespaces (no `ip`, or not allowed), or undefined when it can. */
export function namespacesUnavailable(): string | undefined {
  const probe = `alprobe${process.pid % 100_000}`;
  try {
    ip('netns', 'add', probe);
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
    return /ENOENT/.test((error as Error).message) ? 'the `ip` command (iproute2) is missing' : `\`ip netns add\` is not allowed here (${stderr})`;
  }
  ip('netns', 'del', probe);
  return undefined;
}

/** `count` namespaces on one private /24, each with `lo` up and one address (10.213.0.(i+1)). */
export function createNamespaces(count: number): Namespaces {
  const id = process.pid % 100_000;
  const hub = `al${id}hub`;
  const names = Array.from({ length: count }, (_, i) => `al${id}p${i}`);
  const made: string[] = [];
  const remove = () => {
    for (const name of made.splice(0)) {
      try {
        ip('netns', 'del', name);
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', remove);
  try {
    ip('netns', 'add', hub);
    made.push(hub);
    ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', hub, 'link', 'set', 'br0', 'up');
    names.forEach((name, i) => {
      ip('netns', 'add', name);
      made.push(name);
      const [inside, outside] = [`v${id}a${i}`, `v${id}b${i}`];
      // Both ends are made straight inside their namespaces: nothing appears in the machine's own.
      ip('link', 'add', inside, 'netns', name, 'type', 'veth', 'peer', 'name', outside, 'netns', hub);
      ip('-n', hub, 'link', 'set', outside, 'master', 'br0');
      ip('-n', hub, 'link', 'set', outside, 'up');
      ip('-n', name, 'addr', 'add', `10.213.0.${i + 1}/24`, 'dev', inside);
      ip('-n', name, 'link', 'set', inside, 'up');
      ip('-n', name, 'link', 'set', 'lo', 'up');
    });
  } catch (error) {
    remove();
    throw error;
  }
  return {
    names,
    spawn: (index, command, args, options = {}) => spawn('ip', ['netns', 'exec', names[index]!, command, ...args], options),
    remove,
  };
}
