import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string, data: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Constant-time comparison of two strings; false when lengths differ. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Checks a `sha256=<hex>` header (Meta's X-Hub-Signature-256) over the raw body. */
export function verifyHexSha256Header(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  return safeEqual(header, 'sha256=' + hmacSha256(secret, rawBody).toString('hex'));
}

/** Checks a `sha256=<base64>` header (X's x-twitter-webhooks-signature) over the raw body. */
export function verifyBase64Sha256Header(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  return safeEqual(header, 'sha256=' + hmacSha256(secret, rawBody).toString('base64'));
}
