// Builds the embedded database binary (FerretDB) if this checkout has none yet.
import { ensureFerretdbBinary } from '../packages/server/src/db/embedded-ferretdb.ts';

const bin = await ensureFerretdbBinary((m) => console.log(m));
console.log(`FerretDB ready: ${bin}`);
