export { startDovecot, dovecotAvailable, dovecotBinary, DovecotMissingError, freePort } from './dovecot.ts';
export type { DovecotHandle, DovecotOptions } from './dovecot.ts';
export { startSmtpSink, type SmtpSinkHandle, type SinkMessage } from './smtp-sink.ts';
export { startEmailEmulator, type EmailEmulatorHandle, type EmailEmulatorOptions } from './emulator.ts';
export { startEmailDemoTraffic, type EmailDemoTraffic, type EmailDemoTrafficOptions } from './demo-traffic.ts';
export { CustomerMailer, type CustomerMail } from './customer-mail.ts';
