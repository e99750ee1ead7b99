import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../logger.ts';

import { HttpError } from '../errors.ts';

export { HttpError };

export function zodMessage(err: ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Last handler: clear 4xx messages, and a bare "internal error" (never a stack) for the rest. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof ZodError) {
      res.status(400).json({ error: zodMessage(err) });
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.message, ...(err.code ? { code: err.code } : {}) });
      return;
    }
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    // body-parser's own errors (too large, bad JSON) carry a status and a safe type.
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      // A refused body may still be on its way (or never come): close the connection after answering
      // rather than wait for it.
      if (e.type === 'entity.too.large') res.set('connection', 'close');
      const msg =
        e.type === 'entity.too.large' ? 'request body too large' : e.type === 'entity.parse.failed' ? 'request body is not valid JSON' : 'bad request';
      res.status(status).json({ error: msg });
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: 'internal error' });
  };
}
