// Loaded with --import into a measured child process: reports, on exit, its CPU time (user + system,
// every thread: the JIT and GC threads too) and its peak RSS.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\n@@usage ${JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS })}\n`);
});
