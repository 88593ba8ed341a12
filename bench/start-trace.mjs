/**
 * Preloaded (NODE_OPTIONS=--import) into every process of one cold `play -c` by bench/timing.ts,
 * which the spawned server and performer inherit: appends to $ALDA_LIVE_BENCH_TRACE a line per
 * link of the start (`ms pid script event`, ms on the host's monotonic clock, as the recorder's
 * `host`): node booted (this file running), a child spawned, listening, the state file written, a TCP connection made,
 * and the server's `open` and `schedule` to its performer (its frames to a performer are not
 * masked). It costs each process a few ms, so the untraced runs give the headline figures.
 */
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.env.ALDA_LIVE_BENCH_TRACE;
const script = (process.argv[1] ?? '?').replace(/.*\/(bin|dist)\//, '');
const log = (event) => appendFileSync(file, `${(Number(process.hrtime.bigint()) / 1e6).toFixed(2)} ${process.pid} ${script} ${event}\n`);

log('booted');
const childProcess = require('node:child_process');
const spawn = childProcess.spawn;
childProcess.spawn = function (...args) {
  const child = spawn.apply(this, args);
  const target = args[1]?.find?.((arg) => arg.includes('/dist/')) ?? String(args[0]);
  log(`spawned ${target.replace(/.*\/dist\//, '')}`);
  return child;
};
const fs = require('node:fs');
// A held server's word to go (`--after-go`): one byte on its stdin, read blocking.
const readSync = fs.readSync;
fs.readSync = function (fd, ...rest) {
  const read = readSync.call(this, fd, ...rest);
  if (fd === 0 && read === 1) log('go read');
  return read;
};
const renameSync = fs.renameSync;
fs.renameSync = function (from, to, ...rest) {
  const result = renameSync.call(this, from, to, ...rest);
  if (String(to).endsWith('/server.json')) log('state written');
  return result;
};
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  log('listen');
  this.once('listening', () => log('listening'));
  return listen.apply(this, args);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  this.once('connect', () => log('connected'));
  return connect.apply(this, args);
};
const end = net.Socket.prototype.end;
net.Socket.prototype.end = function (data, ...rest) {
  if (data === 'y') log('go sent');
  return end.call(this, data, ...rest);
};
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (data, ...rest) {
  // ws writes a frame's header and its payload apart: an unmasked text payload as the string itself.
  const head = typeof data === 'string' ? data.slice(0, 200) : Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 200)).toString('latin1');
  const type = /"type":"(open|schedule)"/.exec(head);
  if (type) log(`sent ${type[1]}`);
  return write.call(this, data, ...rest);
};
