import type { RequestHandler } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { HttpError } from './errors.ts';

export const ObjectIdString = z.string().refine((s) => /^[0-9a-f]{24}$/i.test(s) && Types.ObjectId.isValid(s), 'must be a 24-character hex id');

/** A query-string boolean: "true"/"false"/"1"/"0". */
export const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** An email address, compared lower-cased. */
export const Email = z.email('must be an email address').max(254).transform((s) => s.toLowerCase());
/** A new password. */
export const Password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
/** For routes that take no query string. */
export const NoQuery = z.object({}).strict();

const MAX_DEPTH = 20;

/** The first key anywhere in `value` that could steer a MongoDB query or a prototype, if any. */
export function hostileKey(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return '(nested too deep)';
  if (Array.isArray(value)) {
    for (const v of value) {
      const k = hostileKey(v, depth + 1);
      if (k) return k;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) {
      if (k.startsWith('$') || k.includes('.') || k === '__proto__' || k === 'constructor' || k === 'prototype' || k.includes('\0')) return k;
      const inner = hostileKey((value as Record<string, unknown>)[k], depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * Refuses bodies and query strings with operator (`$gt`, `$where`), dotted (`a.b`) or prototype
 * (`__proto__`) keys before any route sees them, whatever a route's own schema would do.
 */
export const refuseHostileKeys: RequestHandler = (req, _res, next) => {
  const k = hostileKey(req.body) ?? hostileKey(req.query);
  if (k) throw new HttpError(400, `refused: field names may not start with "$", contain "." or be "__proto__" (${JSON.stringify(k.slice(0, 40))})`);
  next();
};
