import { ConnectorRegistry } from './core/index.ts';
import { sandboxConnector } from './sandbox/index.ts';
import { xConnector } from './x/index.ts';
import { facebookConnector } from './facebook/index.ts';
import { instagramConnector } from './instagram/index.ts';
import { emailConnector, parseEmail, isOwnMessage, startInboundSmtp, automatedKind, UNKNOWN_SENDER } from './email/index.ts';

export * from './core/index.ts';
export { sandboxConnector, xConnector, facebookConnector, instagramConnector, emailConnector, parseEmail, isOwnMessage, startInboundSmtp, automatedKind, UNKNOWN_SENDER };

/** Every connector Inbox ships, by network. */
export function createRegistry(): ConnectorRegistry {
  return new ConnectorRegistry()
    .register(sandboxConnector)
    .register(xConnector)
    .register(facebookConnector)
    .register(instagramConnector)
    .register(emailConnector);
}
