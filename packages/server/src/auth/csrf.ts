import type { Request, RequestHandler } from 'express';
import { HttpError } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * CSRF defence for cookie-authenticated changes, on top of SameSite=Lax: a state-changing request
 * must come from this site. Browsers send `Sec-Fetch-Site` and `Origin` on every POST/PATCH/DELETE
 * fetch; a request with neither (an old browser, or a script that should send `Origin`) is refused.
 */
export function sameOriginOnly(extraOrigins: string[] = []): RequestHandler {
  const allowed = new Set(extraOrigins.map((o) => o.replace(/\/$/, '')));
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') {
      throw new HttpError(403, `cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`);
    }
    const origin = req.get('origin');
    let from = origin;
    if (!from) {
      const referer = req.get('referer');
      if (referer) {
        try {
          from = new URL(referer).origin;
        } catch {
          from = undefined;
        }
      }
    }
    if (!from) throw new HttpError(403, 'cross-site request refused: send an Origin header from this site');
    if (from !== ownOrigin(req) && !allowed.has(from)) throw new HttpError(403, 'cross-site request refused: Origin is not this site');
    next();
  };
}
