import { Router } from 'express';
import { z } from 'zod';
import { NETWORKS, isConnectorError, type Connector, type ConnectorRegistry, type Network } from '@inbox/connectors';
import { Account, toPublicAccount, type AccountDoc } from '../../models/account.ts';
import { upsertAccount } from '../../demo/accounts.ts';
import type { SecretBox } from '../../secrets/cipher.ts';
import type { Logger } from '../../logger.ts';
import { allow } from '../../auth/session.ts';
import { scrubCredentials } from '../../secrets/scrub.ts';
import { audit } from '../../audit/log.ts';
import { HttpError } from '../errors.ts';
import { NoQuery, ObjectIdString } from '../validate.ts';

const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'field names are letters, digits and _');
const Credentials = z.record(FieldName, z.union([z.string().max(4000), z.number(), z.boolean()])).refine((c) => Object.keys(c).length <= 30, 'too many fields');
const Endpoints = z
  .record(FieldName, z.string().max(500).regex(/^(https?|imaps?|smtps?):\/\/[^\s]+$/, 'must be an http(s), imap(s) or smtp(s) URL'))
  .refine((e) => Object.keys(e).length <= 10, 'too many endpoints');
const Name = z.string().trim().min(1, 'name: required').max(100);
const Handles = z.array(z.string().trim().min(1).max(100).regex(/^[^$.\s]+$/, 'a handle without spaces, "$" or "."')).max(20);

const ConnectBody = z
  .object({ network: z.enum(NETWORKS), name: Name, credentials: Credentials, endpoints: Endpoints.optional(), brandHandles: Handles.optional() })
  .strict();
const PatchBody = z
  .object({ name: Name.optional(), enabled: z.boolean().optional(), credentials: Credentials.optional(), brandHandles: Handles.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: send name, enabled, credentials or brandHandles');
const IdParams = z.object({ id: ObjectIdString }).strict();

export interface CredentialField {
  name: string;
  label: string;
  optional: boolean;
  secret: boolean;
}

/** The form an admin fills in to connect a network, read from the connector's credentials schema. */
export function credentialFields(connector: Connector): CredentialField[] {
  const schema = connector.credentials as unknown;
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    label: field.description ?? name,
    optional: field.safeParse(undefined).success,
    secret: /token|secret|password|key/i.test(name),
  }));
}

const scrub = (message: string, credentials: Record<string, unknown>) => scrubCredentials(message, credentials);

function parseCredentials(connector: Connector, raw: Record<string, unknown>): Record<string, unknown> {
  const r = connector.credentials.safeParse(raw);
  if (!r.success) {
    // Only field names and the schema's own messages: never the values sent.
    const msg = r.error.issues
      .slice(0, 5)
      .map((i) => `credentials.${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new HttpError(400, scrub(msg, raw));
  }
  return r.data as Record<string, unknown>;
}

function checkFailed(err: unknown, creds: Record<string, unknown>): HttpError {
  if (isConnectorError(err)) return new HttpError(422, `the network did not accept these credentials (${err.code}: ${scrub(err.message, creds)})`);
  return new HttpError(502, 'could not reach the network to check these credentials');
}

export function accountsRouter(deps: { registry: ConnectorRegistry; box: SecretBox; log: Logger; accountChanged?: (a: AccountDoc) => Promise<void> | void }): Router {
  const r = Router();
  const connectorFor = (network: Network) => {
    if (!deps.registry.has(network)) throw new HttpError(400, `network: ${network} is not available in this installation`);
    return deps.registry.get(network);
  };
  const changed = async (a: AccountDoc) => {
    try {
      await deps.accountChanged?.(a);
    } catch (err) {
      deps.log.error({ err, accountId: String(a._id) }, 'could not schedule the account');
    }
  };

  r.get('/accounts', async (req, res) => {
    NoQuery.parse(req.query);
    const accounts = await Account.find().sort({ network: 1, name: 1 }).lean<AccountDoc[]>();
    res.json({ data: accounts.map(toPublicAccount) });
  });

  r.get('/networks', allow('admin'), (req, res) => {
    NoQuery.parse(req.query);
    res.json({ data: deps.registry.all().map((c) => ({ network: c.network, displayName: c.displayName, fields: credentialFields(c) })) });
  });

  r.post('/accounts', allow('admin'), async (req, res) => {
    NoQuery.parse(req.query);
    const body = ConnectBody.parse(req.body);
    const connector = connectorFor(body.network);
    if (await Account.exists({ network: body.network, name: body.name })) throw new HttpError(409, `a ${body.network} account named "${body.name}" already exists`);
    const creds = parseCredentials(connector, body.credentials);
    let doc: AccountDoc;
    try {
      doc = await upsertAccount(deps.registry, deps.box, {
        network: body.network,
        name: body.name,
        credentials: creds,
        endpoints: body.endpoints ?? {},
        brandHandles: body.brandHandles ?? [],
      });
    } catch (err) {
      throw checkFailed(err, body.credentials);
    }
    await audit(req, { action: 'account.connect', target: { type: 'account', id: String(doc._id), label: `${doc.network}/${doc.name}` }, details: { network: doc.network, identity: doc.identity?.handle ?? null } }, deps.log);
    await changed(doc);
    res.status(201).json({ data: toPublicAccount(doc) });
  });

  r.patch('/accounts/:id', allow('admin'), async (req, res) => {
    NoQuery.parse(req.query);
    const { id } = IdParams.parse(req.params);
    const body = PatchBody.parse(req.body);
    const before = await Account.findById(id).lean<AccountDoc>();
    if (!before) throw new HttpError(404, `no account ${id}`);
    const set: Record<string, unknown> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.enabled !== undefined) set.enabled = body.enabled;
    if (body.brandHandles !== undefined) set.brandHandles = body.brandHandles;
    if (body.credentials) {
      const connector = connectorFor(before.network as Network);
      const creds = parseCredentials(connector, body.credentials);
      let identity;
      try {
        identity = await connector.check({ accountId: id, credentials: creds, endpoints: (before.endpoints ?? {}) as Record<string, string> });
      } catch (err) {
        throw checkFailed(err, body.credentials);
      }
      Object.assign(set, {
        sealedCredentials: deps.box.seal(creds),
        identity,
        'health.state': 'unknown',
        'health.message': null,
        'health.nextAttemptAt': null,
        'health.authFailures': 0,
        'health.consecutiveFailures': 0,
      });
    }
    let doc: AccountDoc | null;
    try {
      doc = await Account.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean<AccountDoc>();
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new HttpError(409, `a ${before.network} account with that name already exists`);
      throw err;
    }
    if (!doc) throw new HttpError(404, `no account ${id}`);
    const target = { type: 'account', id, label: `${doc.network}/${doc.name}` };
    const fields = Object.keys(body).filter((k) => k !== 'credentials');
    if (fields.length) {
      await audit(req, { action: 'account.update', target, details: { changed: fields, ...(body.enabled !== undefined ? { enabled: body.enabled } : {}), ...(body.name ? { from: before.name, to: body.name } : {}) } }, deps.log);
    }
    if (body.credentials) await audit(req, { action: 'account.credentials', target }, deps.log);
    if (doc.enabled) await changed(doc);
    res.json({ data: toPublicAccount(doc) });
  });

  return r;
}
