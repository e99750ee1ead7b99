import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { ConnectorRegistry } from '@inbox/connectors';
import type { EventBus } from '../events/bus.ts';
import type { SecretBox } from '../secrets/cipher.ts';
import type { Logger } from '../logger.ts';
import type { AccountDoc } from '../models/account.ts';
import { REPO_ROOT } from '../config.ts';
import { sessionMiddleware, requireSession, viewersReadOnly, type SessionOptions } from '../auth/session.ts';
import { sameOriginOnly } from '../auth/csrf.ts';
import { errorHandler, HttpError } from './errors.ts';
import { refuseHostileKeys } from './validate.ts';
import { declaredBodyLimit } from './body-limit.ts';
import { healthRouter } from './routes/health.ts';
import { conversationsRouter } from './routes/conversations.ts';
import { streamRouter } from './routes/stream.ts';
import { accountsRouter } from './routes/accounts.ts';
import { webhooksRouter } from './routes/webhooks.ts';
import { authRouter } from './routes/auth.ts';
import { usersRouter } from './routes/users.ts';
import { auditRouter } from './routes/audit.ts';
import { analyticsRouter } from './routes/analytics.ts';
import { teamworkRouter } from './routes/teamwork.ts';
import { cannedRepliesRouter } from './routes/canned-replies.ts';
import { PresenceBoard } from '../services/presence.ts';

export interface AuthSettings extends SessionOptions {
  /** Failed sign-ins per client address per 15 minutes. */
  loginRateLimit: number;
  /** Webhook deliveries per client address per minute. */
  webhookRateLimit: number;
  /** Express `trust proxy` hop count (0: trust none; then req.ip is the socket address). */
  trustProxy: number;
  /** Origins besides the server's own that may send changes (e.g. a dev server). */
  extraOrigins?: string[];
  /** Host names (without port) the server answers to; any when absent. */
  allowedHosts?: string[];
}

export interface AppDeps {
  registry: ConnectorRegistry;
  box: SecretBox;
  bus: EventBus;
  log: Logger;
  embeddedDb: boolean;
  auth: AuthSettings;
  /** Called after an account is connected or changed (the poller schedules it). */
  hooks?: { accountChanged?: (a: AccountDoc) => Promise<void> | void };
  /** Built web app to serve; defaults to packages/web/dist. */
  webDist?: string;
  /** SSE heartbeat (and session re-check) interval. */
  streamHeartbeatMs?: number;
}

const tooMany = (what: string) => (_req: express.Request, res: express.Response) => {
  res.status(429).json({ error: `too many ${what}; try again later` });
};

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.auth.trustProxy);
  const allowedHosts = deps.auth.allowedHosts?.length ? new Set(deps.auth.allowedHosts.map((h) => h.toLowerCase())) : null;
  if (allowedHosts) {
    // DNS rebinding and Host-header tricks: only the configured names are served.
    app.use((req, res, next) => {
      if (allowedHosts.has((req.hostname ?? '').toLowerCase())) return next();
      res.status(421).set('connection', 'close').json({ error: 'this server does not answer to that host name' });
    });
  }
  // One debug line per request: method, path (never the query string, which can carry tokens such as
  // hub.verify_token), status and time.
  app.use((req, res, next) => {
    const t0 = performance.now();
    res.on('finish', () => {
      deps.log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - t0) }, 'http');
    });
    next();
  });
  const https = deps.auth.cookieSecure === true;
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  // Webhooks: no session (the network's signature is the authentication), a rate limit, their own
  // raw-body limit, and they come before the JSON parser.
  const webhookLimiter = rateLimit({
    windowMs: 60_000,
    limit: deps.auth.webhookRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    // Only accepted deliveries count here; refused ones have their own allowance (webhooks.ts).
    skipFailedRequests: true,
    handler: tooMany('webhook deliveries'),
  });
  app.use('/webhooks', declaredBodyLimit(1024 * 1024), webhookLimiter, webhooksRouter({ ...deps, failedPerMinute: deps.auth.webhookRateLimit }));

  // Failed sign-ins are limited per address and account (one user's typos never lock out the others
  // behind the same address), and per address at ten times that (spraying many accounts); each
  // account also locks itself with backoff after repeated failures (routes/auth.ts).
  const failedSignIns = (limit: number, key: (req: express.Request) => string) =>
    rateLimit({
      windowMs: 15 * 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // Only failures count: a user who gets in is never slowed down.
      skipSuccessfulRequests: true,
      keyGenerator: key,
      handler: tooMany('failed sign-ins'),
    });
  const addressKey = (req: express.Request) => ipKeyGenerator(req.ip ?? 'unknown');
  const accountOf = (req: express.Request) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
  };
  const perAddress = failedSignIns(deps.auth.loginRateLimit * 10, addressKey);
  const perAddressAndAccount = failedSignIns(deps.auth.loginRateLimit, (req) => `${addressKey(req)}|${accountOf(req)}`);
  const loginLimiter: express.RequestHandler = (req, res, next) => {
    void perAddress(req, res, (err?: unknown) => (err ? next(err) : void perAddressAndAccount(req, res, next)));
  };

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  api.use(declaredBodyLimit(64 * 1024));
  api.use(express.json({ limit: '64kb' }));
  api.use(refuseHostileKeys);
  api.use(sameOriginOnly(deps.auth.extraOrigins));
  api.use(healthRouter({ embedded: deps.embeddedDb }));
  api.use(sessionMiddleware(deps.auth, deps.log));
  api.use(authRouter({ log: deps.log, loginLimiter }));
  // Everything below needs a signed-in user; each route then names the roles it allows.
  api.use(requireSession);
  api.use(viewersReadOnly);
  // Before the conversations router, so /conversations/bulk is not taken for an id.
  api.use(teamworkRouter({ ...deps, presence: new PresenceBoard(deps.bus) }));
  api.use(conversationsRouter(deps));
  api.use(cannedRepliesRouter(deps));
  // The hook is read at call time: the poller that sets it starts after the app.
  api.use(accountsRouter({ ...deps, accountChanged: (a) => deps.hooks?.accountChanged?.(a) }));
  api.use(usersRouter(deps));
  api.use(auditRouter());
  // Dashboard, alerts and export (analytics/).
  api.use(analyticsRouter());
  api.use(streamRouter(deps.bus, deps.streamHeartbeatMs ? { heartbeatMs: deps.streamHeartbeatMs } : {}));
  api.use((req) => {
    throw new HttpError(404, `no route ${req.method} /api${req.path}`);
  });
  app.use('/api', api);

  const dist = deps.webDist ?? path.join(REPO_ROOT, 'packages', 'web', 'dist');
  if (fs.existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    app.get('/{*splat}', (_req, res) => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.status(503).type('text').send('The web app is not built: run `npm run build -w packages/web` (npm start does it).');
    });
  }

  app.use(errorHandler(deps.log));
  return app;
}
