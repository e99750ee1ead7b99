// `npm run -s score`: JSON Lines in (one {"text", "lang"?, "visibility"?, "brandHandles"?, "addressed"?} per line),
// one JSON line out per input line, in order, through the same scoreMessage as ingest. A line that
// is not valid JSON or fails validation yields {"error": "..."} on its line; nothing is dropped.
// Blank lines are answered with an error too, so output line N always belongs to input line N.
import readline from 'node:readline';
import { z } from 'zod';
import { scoreMessage } from '../src/index.ts';

const Line = z.object({
  text: z.string(),
  lang: z.string().min(1).max(35).optional(),
  visibility: z.enum(['public', 'private']).optional(),
  brandHandles: z.array(z.string()).optional(),
  addressed: z.boolean().optional(),
});

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out: string[] = [];
const flush = (): void => {
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  out.length = 0;
};

let n = 0;
for await (const raw of rl) {
  n++;
  let result: unknown;
  try {
    const parsed = Line.safeParse(JSON.parse(raw));
    if (parsed.success) result = scoreMessage(parsed.data);
    else result = { error: `line ${n}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}` };
  } catch (e) {
    result = { error: `line ${n}: invalid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  out.push(JSON.stringify(result));
  if (out.length >= 256) flush();
}
flush();
