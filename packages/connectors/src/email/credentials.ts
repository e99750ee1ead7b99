// What an admin enters to connect a mailbox.
import { z } from 'zod';

const host = z.string().trim().min(1, 'host is required');
const port = z.coerce.number().int().min(1).max(65535);
/** "true"/"false" from a form, or a boolean. */
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

export const emailCredentialsSchema = z
  .object({
    /** The brand's mailbox address: replies come from it; mail from it is never inbound. */
    address: z.email(),
    imapHost: host,
    imapPort: port.default(993),
    /** Implicit TLS (port 993). Defaults to true on 993, else false (STARTTLS is used when offered). */
    imapSecure: flag.optional(),
    imapUser: z.string().min(1),
    imapPassword: z.string().min(1),
    /** Mailbox to poll. */
    mailbox: z.string().min(1).default('INBOX'),
    smtpHost: host,
    smtpPort: port.default(465),
    /** Implicit TLS (port 465). Defaults to true on 465, else false (STARTTLS is used when offered). */
    smtpSecure: flag.optional(),
    /** Defaults to imapUser / imapPassword when the same login serves both. */
    smtpUser: z.string().min(1).optional(),
    smtpPassword: z.string().min(1).optional(),
  })
  .strict();

export type EmailCredentials = z.infer<typeof emailCredentialsSchema>;

export interface ServerAddress {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

/**
 * `ctx.endpoints.imap` / `ctx.endpoints.smtp` (`imap://host:port`, `imaps://…`, `smtp://…`,
 * `smtps://…`) override the host and port of the credentials, like the base URLs of other networks.
 */
function fromEndpoint(url: string | undefined, plain: string, tls: string): { host: string; port?: number; secure?: boolean } | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== plain && scheme !== tls) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, ...(u.port ? { port: Number(u.port) } : {}), secure: scheme === tls };
}

export function imapServer(c: EmailCredentials, endpoints: Record<string, string> = {}): ServerAddress {
  const ep = fromEndpoint(endpoints.imap, 'imap', 'imaps');
  const port = ep?.port ?? c.imapPort;
  return {
    host: ep?.host ?? c.imapHost,
    port,
    secure: ep?.secure ?? c.imapSecure ?? port === 993,
    user: c.imapUser,
    password: c.imapPassword,
  };
}

export function smtpServer(c: EmailCredentials, endpoints: Record<string, string> = {}): ServerAddress {
  const ep = fromEndpoint(endpoints.smtp, 'smtp', 'smtps');
  const port = ep?.port ?? c.smtpPort;
  return {
    host: ep?.host ?? c.smtpHost,
    port,
    secure: ep?.secure ?? c.smtpSecure ?? port === 465,
    user: c.smtpUser ?? c.imapUser,
    password: c.smtpPassword ?? c.imapPassword,
  };
}
