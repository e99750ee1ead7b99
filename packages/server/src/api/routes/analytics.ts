import { Router } from 'express';
import { ExportQuery, ResponsesQuery, VolumeQuery } from '@inbox/contract';
import { responses, volume } from '../../analytics/read.ts';
import { writeExport } from '../../analytics/export.ts';

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
