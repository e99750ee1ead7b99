// Value lists both sides share. The connectors package keeps its own copy of NETWORKS and
// MENTION_KINDS for the wire; packages/server checks at startup that they agree (see models).
export const NETWORKS = ['sandbox', 'x', 'facebook', 'instagram', 'email'] as const;
export type Network = (typeof NETWORKS)[number];

export const STATUSES = ['open', 'pending', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const REPLY_STATES = ['sending', 'sent', 'failed'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];
