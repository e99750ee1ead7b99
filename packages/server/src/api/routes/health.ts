import { Router } from 'express';
import mongoose from 'mongoose';

export function healthRouter(info: { embedded: boolean }): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    let database: 'up' | 'down' = 'down';
    let latencyMs: number | null = null;
    try {
      const t0 = performance.now();
      const db = mongoose.connection.db;
      if (db && mongoose.connection.readyState === 1) {
        await db.command({ ping: 1 });
        latencyMs = Math.round((performance.now() - t0) * 10) / 10;
        database = 'up';
      }
    } catch {
      database = 'down';
    }
    res.status(database === 'up' ? 200 : 503).json({
      status: database === 'up' ? 'ok' : 'degraded',
      database: { state: database, embedded: info.embedded, latencyMs },
      uptimeSeconds: Math.round(process.uptime()),
    });
  });
  return r;
}
