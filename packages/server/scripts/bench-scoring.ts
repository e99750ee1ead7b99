// Prints the scoring throughput benchmark (src/scoring/bench.ts) as JSON: `npm run bench` runs it in
// a process of its own, so the timed passes share their thread and heap with nothing else.
import { benchScoring } from '../src/scoring/bench.ts';

console.log(JSON.stringify(await benchScoring()));
