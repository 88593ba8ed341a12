#!/usr/bin/env node
// alda-live's Ableton Link clock: joins the Link session on the local network and reports, as
// JSON lines on standard output, where Link's beat grid is on this host's monotonic clock.
// A process of its own because Link is GPL-2.0-or-later and alda-live is EPL-2.0: the two talk
// only through this pipe (docs/ensemble.md, "Licences").
//
//   stdout: {"type":"state","at":MS,"beat":B,"tempo":BPM,"peers":N,"quantum":Q}   every 20 ms
//           {"type":"error","message":"..."}                                       and exit 1
//   stdin:  {"type":"tempo","bpm":BPM}   propose a tempo to the session
//           end of input, SIGTERM or SIGINT: leave the session (enable(false)) and exit
//
// `at` is process.hrtime in ms (CLOCK_MONOTONIC): the same clock in every process on the host,
// so a reader turns it into its own time. The beat is read between two readings of that clock;
// the pair is as good as the gap between them (a few µs).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const INTERVAL_MS = 20;

const quantum = Number(process.argv[process.argv.indexOf('--quantum') + 1] ?? 4);
if (!process.argv.includes('--quantum') || !(Number.isInteger(quantum) && quantum >= 1 && quantum <= 64)) {
  fail('usage: link-clock.js --quantum N (a whole number of beats, 1 to 64)');
}

let link;
try {
  const AbletonLink = createRequire(import.meta.url)('abletonlink-addon');
  link = new AbletonLink();
} catch (error) {
  fail(`the Link addon did not load: ${error.message.split('\n')[0]}`);
}
link.setQuantum(quantum);
link.enable();

const hrMs = () => Number(process.hrtime.bigint()) / 1e6;

function report() {
  const before = hrMs();
  const beat = link.getBeat();
  const after = hrMs();
  write({ type: 'state', at: (before + after) / 2, beat, tempo: link.getTempo(), peers: link.getNumPeers(), quantum });
}

const ticker = setInterval(report, INTERVAL_MS);
report();

createInterface({ input: process.stdin })
  .on('line', (line) => {
    let command;
    try {
      command = JSON.parse(line);
    } catch {
      return;
    }
    if (command?.type === 'tempo' && Number.isFinite(command.bpm) && command.bpm >= 20 && command.bpm <= 999) {
      link.setTempo(command.bpm);
      report();
    }
  })
  .on('close', leave);
process.on('SIGTERM', leave);
process.on('SIGINT', leave);
process.stdout.on('error', leave);

// Without enable(false) the other peers count us for some 6 s more.
function leave() {
  clearInterval(ticker);
  link.disable();
  process.exit(0);
}

function write(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function fail(message) {
  write({ type: 'error', message });
  process.exit(1);
}
