export type { EmulatorHandle, EmulatorFactory, RecordedReply } from './harness.ts';
export { startSandboxEmulator, type SandboxEmulator } from './sandbox-network/index.ts';
export { startXEmulator, type XEmulatorHandle } from './x/index.ts';
export { startGraphEmulator, startFacebookEmulator, startInstagramEmulator, type GraphEmulator } from './graph/index.ts';
export { startEmailEmulator, startEmailDemoTraffic, dovecotAvailable, type EmailEmulatorHandle } from './email/index.ts';
export { listen } from './http.ts';
