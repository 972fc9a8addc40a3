// Preloaded into benchmarked processes (node -r): writes the peak resident set size, in KiB, and
// the CPU time used (user + system), in microseconds, to the file named by BENCH_RSS_FILE when the
// process exits.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
