// Builds the embedded database binary once before any test file starts its own FerretDB.
import { ensureFerretdbBinary } from '../../packages/server/src/db/embedded-ferretdb.ts';

export default async function setup(): Promise<void> {
  await ensureFerretdbBinary((m) => console.log(m));
}
