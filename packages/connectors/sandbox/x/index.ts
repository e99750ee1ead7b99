export { startXEmulator, X_ROUTES } from './emulator.ts';
export type {
  XEmulatorHandle,
  XEmulatorOptions,
  XCredentials,
  XUser,
  XTweet,
  XDmEvent,
  XWebhookDeliveryLog,
} from './emulator.ts';
