// Who has a conversation open, and who is typing a reply in it: kept in memory per server (a
// restart forgets it, which is right: the browsers say it again within seconds), announced as the
// live event `presence`. An entry not renewed within PRESENCE_TTL_MS is dropped.
import { PRESENCE_TTL_MS, type Presence } from '@inbox/contract';
import type { EventBus } from '../events/bus.ts';

interface Entry {
  name: string | null;
  state: 'viewing' | 'typing';
  at: number;
}

export class PresenceBoard {
  private readonly byConversation = new Map<string, Map<string, Entry>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    private readonly ttlMs = PRESENCE_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {
    // Expired entries are announced as gone; the timer never keeps the process alive.
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.floor(ttlMs / 3)));
    this.sweeper.unref();
  }

  /** Records what one user is doing in a conversation and returns who is there now. */
  set(conversation: string, user: { email: string; name: string | null }, state: 'viewing' | 'typing' | 'left'): Presence[] {
    const entries = this.byConversation.get(conversation) ?? new Map<string, Entry>();
    const before = entries.get(user.email);
    if (state === 'left') entries.delete(user.email);
    else entries.set(user.email, { name: user.name, state, at: this.clock() });
    if (entries.size) this.byConversation.set(conversation, entries);
    else this.byConversation.delete(conversation);
    // A renewal of the same state is not news; a change (or an arrival or a leave) is.
    if (before?.state !== (state === 'left' ? undefined : state)) this.announce(conversation);
    return this.present(conversation);
  }

  present(conversation: string): Presence[] {
    const entries = this.byConversation.get(conversation);
    if (!entries) return [];
    return [...entries].map(([email, e]) => ({ email, name: e.name, state: e.state, at: new Date(e.at).toISOString() })).sort((a, b) => a.email.localeCompare(b.email));
  }

  sweep(): void {
    const cutoff = this.clock() - this.ttlMs;
    for (const [conversation, entries] of this.byConversation) {
      let dropped = false;
      for (const [email, e] of entries) {
        if (e.at < cutoff) {
          entries.delete(email);
          dropped = true;
        }
      }
      if (entries.size === 0) this.byConversation.delete(conversation);
      if (dropped) this.announce(conversation);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private announce(conversation: string): void {
    this.bus.publish({ type: 'presence', conversation, present: this.present(conversation) });
  }
}
