import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { ConnectorRegistry } from '@inbox/connectors';
import type { EventBus } from '../events/bus.ts';
import type { SecretBox } from '../secrets/cipher.ts';
import type { Logger } from '../logger.ts';
import { REPO_ROOT } from '../config.ts';
import { errorHandler, HttpError } from './errors.ts';
import { healthRouter } from './routes/health.ts';
import { mentionsRouter } from './routes/mentions.ts';
import { streamRouter } from './routes/stream.ts';
import { accountsRouter } from './routes/accounts.ts';
import { webhooksRouter } from './routes/webhooks.ts';

export interface AppDeps {
  registry: ConnectorRegistry;
  box: SecretBox;
  bus: EventBus;
  log: Logger;
  embeddedDb: boolean;
  /** Built web app to serve; defaults to packages/web/dist. */
  webDist?: string;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());

  // Webhooks read their raw bytes (for signatures) and come before the JSON parser.
  app.use('/webhooks', webhooksRouter(deps));

  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  api.use(healthRouter({ embedded: deps.embeddedDb }));
  api.use(mentionsRouter(deps));
  api.use(accountsRouter());
  api.use(streamRouter(deps.bus));
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
