export type { EmulatorHandle, EmulatorFactory, RecordedReply } from './harness.ts';
export { startSandboxEmulator, type SandboxEmulator } from './sandbox-network/index.ts';
export { listen } from './http.ts';
