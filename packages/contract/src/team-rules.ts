// The team's rules both sides run, without zod: the web app imports this at runtime (a zod schema
// built in the browser probes `new Function`, which the strict CSP reports), the schemas stay in team.ts.

/** The reason shown when an agent, not the scorer, flagged a message. */
export const AGENT_FLAGGED_REASON = 'marked a complaint by an agent';

/** Variables a canned reply may use; `fillCannedReply` replaces them. */
export const CANNED_VARIABLES = ['customer.name', 'customer.handle', 'order', 'agent.name'] as const;

/** An order number in a customer's words ("order 5531", "order #A-1234", "#5531"), or null. */
export function findOrderNumber(texts: string[]): string | null {
  for (const t of [...texts].reverse()) {
    const m = /\border\s*(?:number|no\.?|nr\.?|#)?\s*[:#]?\s*([A-Z]{0,3}-?\d{3,})\b/i.exec(t) ?? /#(\d{3,})\b/.exec(t);
    if (m?.[1]) return m[1];
  }
  return null;
}

export interface CannedContext {
  customer: { name: string | null; handle: string | null };
  /** The customer messages' texts, oldest first: the newest order number found is used. */
  texts: string[];
  agent: { name: string | null; email: string };
}

/**
 * A canned reply's text with its variables filled. A value that is not known (no order number in
 * the conversation) keeps its `{{variable}}` so the agent sees what is left to fill.
 */
export function fillCannedReply(text: string, ctx: CannedContext): string {
  const values: Record<string, string | null> = {
    'customer.name': ctx.customer.name ?? (ctx.customer.handle ? `@${ctx.customer.handle}` : null),
    'customer.handle': ctx.customer.handle ? `@${ctx.customer.handle}` : null,
    order: findOrderNumber(ctx.texts),
    'agent.name': ctx.agent.name ?? ctx.agent.email.split('@')[0] ?? null,
  };
  return text.replace(/\{\{\s*([a-z.]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

export const BULK_MAX = 100;

export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;
/** Sent every few seconds while a conversation is open; an entry not renewed for this long is gone. */
export const PRESENCE_TTL_MS = 15_000;
