import { Router } from 'express';
import { z } from 'zod';
import { AlertsQuery, ExportQuery, ResponsesQuery, VolumeQuery } from '@inbox/contract';
import { allow } from '../../auth/session.ts';
import { HttpError } from '../../errors.ts';
import { PUSHDOWN } from '../../db/pushdown.ts';
import { Alert, type AlertDoc } from '../../models/alert.ts';
import { toPublicAlert } from '../../analytics/spikes.ts';
import { NoQuery } from '../validate.ts';
import { responses, volume } from '../../analytics/read.ts';
import { writeExport } from '../../analytics/export.ts';

const AlertParams = z.object({ id: z.string().regex(/^[a-z_]+\.[a-z]+\.[A-Za-z0-9_-]+\.\d+$/, 'must be an alert id') }).strict();

/** Dashboard figures from the bucket counters; every role may read them. */
export function analyticsRouter(): Router {
  const r = Router();

  r.get('/analytics/volume', async (req, res) => {
    const q = VolumeQuery.parse(req.query);
    res.json({ data: await volume(q) });
  });

  r.get('/analytics/responses', async (req, res) => {
    const q = ResponsesQuery.parse(req.query);
    res.json({ data: await responses(q) });
  });

  r.get('/alerts', async (req, res) => {
    const q = AlertsQuery.parse(req.query);
    const filter = q.acknowledged === undefined ? {} : { acknowledged: q.acknowledged };
    const rows = await Alert.find(filter).sort({ createdAt: -1 }).limit(q.limit).comment(PUSHDOWN).lean<AlertDoc[]>();
    res.json({ data: rows.map(toPublicAlert) });
  });

  r.post('/alerts/:id/ack', allow('agent', 'admin'), async (req, res) => {
    const { id } = AlertParams.parse(req.params);
    NoQuery.parse(req.query);
    const after = await Alert.findOneAndUpdate({ _id: id }, { $set: { acknowledged: true, acknowledgedBy: req.user?.email ?? null } }, { returnDocument: 'after' }).lean<AlertDoc>();
    if (!after) throw new HttpError(404, `no alert ${id}`);
    res.json({ data: toPublicAlert(after) });
  });

  // The queue's filters; every role may export what it may read.
  r.get('/export.csv', async (req, res) => {
    const q = ExportQuery.parse(req.query);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="inbox-export-${new Date().toISOString().slice(0, 10)}.csv"`);
    await writeExport(res, q, req.user?.email ?? null);
    res.end();
  });

  return r;
}
