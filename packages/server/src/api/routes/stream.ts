import { Router } from 'express';
import type { EventBus } from '../../events/bus.ts';
import { User } from '../../models/user.ts';
import { NoQuery } from '../validate.ts';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events of new messages, changed conversations and account health, for signed-in users (mounted
 * after `requireSession`). Each heartbeat checks the session is still there and the user still
 * enabled, and ends the stream when not (sign-out, expiry, disabled user).
 */
export function streamRouter(bus: EventBus, opts: { heartbeatMs?: number } = {}): Router {
  const r = Router();
  r.get('/stream', (req, res) => {
    NoQuery.parse(req.query);
    const userId = req.user?.id;
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
      const { type: _type, ...payload } = event;
      res.write(`id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.type === 'conversation.updated' ? event.conversation : event.type === 'account.updated' ? event.account : payload)}\n\n`);
    });
    const stillSignedIn = async (): Promise<boolean> => {
      const sess = await new Promise<unknown>((resolve) => req.sessionStore.get(req.sessionID, (err, s) => resolve(err ? null : s)));
      if (!sess || (sess as { userId?: string }).userId !== userId) return false;
      return Boolean(await User.exists({ _id: userId, disabled: { $ne: true } }));
    };
    const heartbeat = setInterval(() => {
      void stillSignedIn()
        .catch(() => true)
        .then((ok) => (ok ? res.write(': ping\n\n') : res.end()));
    }, opts.heartbeatMs ?? HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return r;
}
