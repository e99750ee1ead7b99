// What the whole test run's servers logged and answered, and which secrets they were given, so the
// global teardown can check that no credential value ever appeared in a log or an API response.
import fs from 'node:fs';
import path from 'node:path';
import { pino, type DestinationStream } from 'pino';

const DIR = process.env.INBOX_TEST_ARTIFACTS;
const SECRET_KEY = /secret|token|password|passwd|key$/i;

export const artifactFiles = (dir: string) => ({
  logs: path.join(dir, 'server.log'),
  responses: path.join(dir, 'responses.log'),
  secrets: path.join(dir, 'secrets.txt'),
});

/** Remembers the secret-looking string fields of a credential object (token, appSecret, password…). */
export function recordSecrets(value: unknown): void {
  if (!DIR) return;
  const found: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string' && SECRET_KEY.test(key) && v.length >= 8) found.push(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(value, '');
  if (found.length) fs.appendFileSync(artifactFiles(DIR).secrets, found.map((s) => JSON.stringify(s)).join('\n') + '\n');
}

export function recordResponse(method: string, url: string, status: number, body: string): void {
  if (!DIR) return;
  fs.appendFileSync(artifactFiles(DIR).responses, `${method} ${url} ${status} ${body}\n`);
}

/** Where test servers log (debug level), when the run collects artifacts. */
export function serverLogDestination(): DestinationStream | undefined {
  if (!DIR) return undefined;
  return pino.destination({ dest: artifactFiles(DIR).logs, append: true, sync: true });
}
