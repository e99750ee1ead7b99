// Prints the scoring throughput benchmark (src/bench.ts) as JSON: `npm run bench` runs it in
// a process of its own, so the timed passes share their thread and heap with nothing else.
import { benchScoring } from '../src/bench.ts';

process.stdout.write(JSON.stringify(await benchScoring()) + '\n');
