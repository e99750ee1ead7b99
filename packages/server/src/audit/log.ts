import type { Request } from 'express';
import { Audit, type AuditAction } from '../models/audit.ts';
import type { Logger } from '../logger.ts';

export interface Actor {
  id: string;
  email: string;
  role: string;
}

export interface AuditEntry {
  action: AuditAction;
  actor?: Actor | null;
  target?: { type: string; id: string; label?: string | null };
  /** Names and plain values of what changed; never a secret. */
  details?: Record<string, unknown>;
}

/**
 * Appends one entry (a single-document insert). An audit write that fails is logged, not thrown:
 * the action it records already happened.
 */
export async function audit(req: Request | null, entry: AuditEntry, log?: Logger): Promise<void> {
  const actor = entry.actor === undefined ? (req?.user ?? null) : entry.actor;
  try {
    await Audit.create({
      at: new Date(),
      action: entry.action,
      actor: actor ? { id: actor.id, email: actor.email, role: actor.role } : { id: null, email: null, role: null },
      target: entry.target ? { type: entry.target.type, id: entry.target.id, label: entry.target.label ?? null } : { type: null, id: null, label: null },
      details: entry.details ?? {},
      ip: req?.ip ?? null,
    });
  } catch (err) {
    log?.error({ err, action: entry.action }, 'audit write failed');
  }
}
