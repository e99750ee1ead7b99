import { EventEmitter } from 'node:events';

/** What the inbox hears live. Carries public mention fields only (never credentials). */
export type InboxEvent =
  | { type: 'mention.created'; mention: Record<string, unknown> }
  | { type: 'mention.updated'; mention: Record<string, unknown> }
  | { type: 'account.updated'; account: Record<string, unknown> };

/** In-process bus feeding SSE (DESIGN: no change streams on FerretDB). */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: InboxEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(fn: (event: InboxEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
}
