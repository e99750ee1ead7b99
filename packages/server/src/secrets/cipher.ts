import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** AES-256-GCM sealed value: version, key id, iv, tag and ciphertext, all base64. */
export interface Sealed {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

export class SecretBox {
  readonly kid: string;
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length !== 32) throw new Error('INBOX_SECRET_KEY must be 32 bytes, base64-encoded');
    this.key = key;
    // A short, non-reversible id so a sealed value names the key it needs (for rotation).
    this.kid = createCipheriv('aes-256-ecb', key, null).update(Buffer.alloc(16)).toString('hex').slice(0, 8);
  }

  seal(value: unknown): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return { v: 1, kid: this.kid, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  open<T = unknown>(sealed: Sealed): T {
    if (sealed.kid !== this.kid) throw new Error(`secret was sealed with key ${sealed.kid}, not the current key`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }
}

/** The key from the environment, or (demo) one generated once and kept, mode 0600, in the data folder. */
export function loadOrCreateKey(envKey: string | undefined, dataDir: string, allowGenerate: boolean): string {
  if (envKey) return envKey;
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (!allowGenerate) throw new Error('INBOX_SECRET_KEY is not set (32 random bytes, base64)');
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}
