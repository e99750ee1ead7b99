import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** An empty variable (`MONGODB_URI=`) means unset. */
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: optional(z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URI')),
  INBOX_DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  /** `demo` runs the network emulators and connects a sandbox account of each network. */
  INBOX_DEMO: z.enum(['0', '1']).default('1'),
  /** Inbound SMTP listener for mail forwarded to Inbox; off unless set (the demo picks a free port). */
  INBOX_SMTP_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  INBOX_SMTP_HOST: z.string().default('127.0.0.1'),
  /** Base64 of 32 bytes; the demo generates and keeps one under the data folder when absent. */
  INBOX_SECRET_KEY: optional(z.string()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** First admin, created when there are no users (demo: admin@inbox.local with a generated password). */
  INBOX_ADMIN_EMAIL: optional(z.email()),
  INBOX_ADMIN_PASSWORD: optional(z.string().min(10, 'must be at least 10 characters').max(200)),
  /** Session cookie `Secure` flag: `auto` sets it on https requests (behind a proxy: set INBOX_TRUST_PROXY). */
  INBOX_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Express `trust proxy`: hops to trust (a number), or 0 to trust none. */
  INBOX_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** A session ends after this many idle minutes (rolling; default 12 hours). */
  INBOX_SESSION_IDLE_MINUTES: z.coerce.number().positive().max(60 * 24 * 30).default(720),
  /** Failed sign-ins allowed per client address per 15 minutes. */
  INBOX_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** Webhook deliveries allowed per client address per minute (refused ones have an allowance of their own). */
  INBOX_WEBHOOK_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  /** Comma-separated Host names this server answers to (any when unset), e.g. `inbox.example.com`. */
  INBOX_ALLOWED_HOSTS: optional(z.string().max(2000)),
  /** Raw archive of webhook bodies and poll pages (for replay): kept this many days, and this many MB at most. */
  INBOX_RAW_ARCHIVE_DAYS: z.coerce.number().positive().default(7),
  INBOX_RAW_ARCHIVE_MB: z.coerce.number().positive().default(200),
});

export type Config = z.infer<typeof EnvSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  return parsed.data;
}
