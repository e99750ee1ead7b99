import { Router } from 'express';
import { ResponsesQuery, VolumeQuery } from '@inbox/contract';
import { responses, volume } from '../../analytics/read.ts';

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

  return r;
}
