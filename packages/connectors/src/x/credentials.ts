import { z } from 'zod';

/**
 * OAuth 1.0a user context for the brand account, from the X developer portal (app with "Read, write
 * and Direct Messages" permission; access token generated for the brand account):
 *
 * - mentions timeline (GET /2/users/:id/mentions), DM events (GET /2/dm_events), posting replies
 *   (POST /2/tweets) and DMs (POST /2/dm_conversations/with/:id/messages) all accept OAuth 1.0a user
 *   context, and DM endpoints require user context;
 * - Account Activity subscriptions are made with user context, and the CRC answer and the
 *   `x-twitter-webhooks-signature` check both use the app's consumer secret (`appSecret`).
 *
 * Unlike OAuth 2.0 user tokens (2-hour expiry, refresh dance), these do not expire unless revoked,
 * which suits an unattended poller.
 */
export const xCredentials = z.object({
  appKey: z.string().trim().min(1).describe('API Key (consumer key) of the X app'),
  appSecret: z.string().trim().min(1).describe('API Key Secret (consumer secret); also signs webhooks and CRC answers'),
  accessToken: z.string().trim().min(1).describe('Access Token of the brand account (OAuth 1.0a, read/write/DM)'),
  accessSecret: z.string().trim().min(1).describe('Access Token Secret of the brand account'),
});

export type XCredentials = z.infer<typeof xCredentials>;
