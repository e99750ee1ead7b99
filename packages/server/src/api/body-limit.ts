import type { RequestHandler } from 'express';

/**
 * Refuses a request whose declared Content-Length is over `maxBytes` at once: 413 and the connection
 * closed. The body parsers would answer only after reading the whole body, so a request that
 * declares a huge body and sends none would hold its socket open.
 */
export function declaredBodyLimit(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.status(413).set('connection', 'close').json({ error: 'request body too large' });
      return;
    }
    next();
  };
}
