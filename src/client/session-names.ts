/**
 * A session of its own for a command that was not told to join one: a new `repl` or `watch`
 * starts a fresh score, and two of them never meet unless `--session NAME` names the same one.
 * Within the protocol's 1–64 of A–Z a–z 0–9 . _ -. The global `crypto` (not node:crypto), so
 * that the live-coding page names its sessions here too: Node and the browser both have it.
 */
export function freshSession(prefix: string): string {
  const tag = crypto.randomUUID().slice(0, 8);
  return `${prefix.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64 - tag.length - 1)}-${tag}`;
}
