// Preloaded into benchmarked processes (node -r): writes the peak resident set size, in KiB, to
// the file named by BENCH_RSS_FILE when the process exits.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
