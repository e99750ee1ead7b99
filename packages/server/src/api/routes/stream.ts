import { Router } from 'express';
import type { EventBus } from '../../events/bus.ts';

const HEARTBEAT_MS = 15_000;

/** Server-Sent Events of new and changed mentions and account health. */
export function streamRouter(bus: EventBus): Router {
  const r = Router();
  r.get('/stream', (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    let seq = 0;
    const unsubscribe = bus.subscribe((event) => {
      seq += 1;
      const payload = 'mention' in event ? event.mention : event.account;
      res.write(`id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return r;
}
