// Poll cursor: `<UIDVALIDITY>:<last UID seen>`.
import { ConnectorError } from '../core/errors.ts';

export interface EmailCursor {
  uidValidity: string;
  lastUid: number;
}

export const formatCursor = (c: EmailCursor): string => `${c.uidValidity}:${c.lastUid}`;

export function parseCursor(cursor: string | null): EmailCursor | null {
  if (cursor === null || cursor === '') return null;
  const m = /^(\d{1,10}):(\d{1,10})$/.exec(cursor);
  if (!m) throw new ConnectorError('invalid', `email: malformed cursor "${cursor.slice(0, 40)}"`);
  return { uidValidity: m[1]!, lastUid: Number(m[2]) };
}
