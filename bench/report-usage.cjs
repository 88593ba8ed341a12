// Preloaded with -r into a measured child process: reports, on exit, its CPU time (user + system,
// every thread: the JIT and GC threads too), its peak RSS and its minor page faults (fresh pages touched). CommonJS, so that it loads no more
// than the child itself would: an ES module given to --import starts Node's ES module loader
// (≈30 of Node's own modules), which a CommonJS main such as bin/alda-live.js never reads.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\n@@usage ${JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS, minorFaults: usage.minorPageFault })}\n`);
});
