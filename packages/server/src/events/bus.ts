import { EventEmitter } from 'node:events';
import type { LiveEvent } from '@inbox/contract';

export type InboxEvent = LiveEvent;

/** In-process bus feeding SSE (DESIGN: no change streams on FerretDB). Events carry public fields only. */
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
