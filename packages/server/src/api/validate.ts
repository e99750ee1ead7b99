import { Types } from 'mongoose';
import { z } from 'zod';

export const ObjectIdString = z.string().refine((s) => /^[0-9a-f]{24}$/i.test(s) && Types.ObjectId.isValid(s), 'must be a 24-character hex id');

/** A query-string boolean: "true"/"false"/"1"/"0". */
export const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
