/**
 * Builds the Ableton Link clock (plugins/link-clock: its own package, GPL-2.0-or-later, with a
 * native addon compiled from Link's source by node-gyp). Optional: when the build fails (no
 * python3, make or g++, no Node headers), this says why, keeps the reason in
 * plugins/link-clock/build-error.txt for `--link` to report, and still exits 0, so alda-live
 * installs and runs without Link.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const plugin = fileURLToPath(new URL('../plugins/link-clock/', import.meta.url));
const errorFile = `${plugin}build-error.txt`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const build = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: plugin, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (build.status === 0) {
  rmSync(errorFile, { force: true });
  process.stdout.write(`Link clock built in ${seconds} s (plugins/link-clock)\n`);
} else {
  const output = `${build.error?.message ?? ''}\n${build.stdout ?? ''}\n${build.stderr ?? ''}`;
  const lines = output.split('\n').filter((line) => /error|not found|missing/i.test(line)).slice(-12);
  writeFileSync(errorFile, (lines.length > 0 ? lines : output.trim().split('\n').slice(-12)).join('\n') + '\n');
  process.stdout.write(`Link clock not built (${seconds} s): --link will say why. See plugins/link-clock/build-error.txt\n`);
}
