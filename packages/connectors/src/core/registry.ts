import type { Connector, Network } from './types.ts';

/** Connectors by network. Each network folder registers itself in src/index.ts. */
export class ConnectorRegistry {
  private readonly byNetwork = new Map<Network, Connector>();

  register(connector: Connector): this {
    if (this.byNetwork.has(connector.network)) {
      throw new Error(`connector for ${connector.network} registered twice`);
    }
    this.byNetwork.set(connector.network, connector);
    return this;
  }

  get(network: Network): Connector {
    const c = this.byNetwork.get(network);
    if (!c) throw new Error(`no connector for network "${network}"`);
    return c;
  }

  has(network: string): network is Network {
    return this.byNetwork.has(network as Network);
  }

  all(): Connector[] {
    return [...this.byNetwork.values()];
  }
}
