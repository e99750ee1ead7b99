// Builds the embedded database binary once before any test file starts its own FerretDB, and after
// the run checks that no credential value given to a test server appeared in its logs or responses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary } from '../../packages/server/src/db/embedded-ferretdb.ts';
import { artifactFiles } from './artifacts.ts';

export default async function setup(): Promise<() => void> {
  await ensureFerretdbBinary((m) => console.log(m));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-artifacts-'));
  // Test files run in forked workers, which inherit this environment.
  process.env.INBOX_TEST_ARTIFACTS = dir;

  return () => {
    const files = artifactFiles(dir);
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    const secrets = [...new Set(read(files.secrets).split('\n').filter(Boolean).map((l) => JSON.parse(l) as string))];
    const logs = read(files.logs);
    const responses = read(files.responses);
    fs.rmSync(dir, { recursive: true, force: true });
    const leaks = secrets.filter((s) => logs.includes(s) || responses.includes(s));
    console.log(
      `credential scan: ${secrets.length} credential values checked against ${logs.split('\n').length - 1} log lines and ${responses.split('\n').length - 1} API responses: ${leaks.length} found`,
    );
    if (leaks.length) throw new Error(`${leaks.length} credential value(s) appeared in server logs or API responses`);
  };
}
