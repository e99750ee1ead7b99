import { ConnectorRegistry } from './core/index.ts';
import { sandboxConnector } from './sandbox/index.ts';

export * from './core/index.ts';
export { sandboxConnector };

/** Every connector Inbox ships, by network. */
export function createRegistry(): ConnectorRegistry {
  return new ConnectorRegistry().register(sandboxConnector);
}
