import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { connectAccount, listAccounts, listNetworks, updateAccount } from '../lib/api.ts';
import { timeAgo } from '../lib/format.ts';
import type { Account, NetworkInfo } from '../lib/types.ts';
import { NetworkIcon } from '../components/Badges.tsx';

/** The credential fields of one network. Secret fields are write-only: they start empty, always. */
function CredentialFields({ info, values, onChange, idPrefix }: { info: NetworkInfo; values: Record<string, string>; onChange(v: Record<string, string>): void; idPrefix: string }) {
  if (info.fields.length === 0) return <p className="muted">This network takes no credentials.</p>;
  return (
    <>
      {info.fields.map((f) => (
        <label key={f.name} htmlFor={`${idPrefix}-${f.name}`}>
          {f.label}
          {f.optional ? ' (optional)' : ''}
          <input
            id={`${idPrefix}-${f.name}`}
            type={f.secret ? 'password' : 'text'}
            autoComplete="off"
            required={!f.optional}
            value={values[f.name] ?? ''}
            onChange={(e) => onChange({ ...values, [f.name]: e.target.value })}
          />
        </label>
      ))}
    </>
  );
}

const clean = (v: Record<string, string>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ''));

function ConnectForm({ networks }: { networks: NetworkInfo[] }) {
  const qc = useQueryClient();
  const [network, setNetwork] = useState(networks[0]?.network ?? '');
  const [name, setName] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [creds, setCreds] = useState<Record<string, string>>({});
  const info = networks.find((n) => n.network === network);
  const m = useMutation({
    mutationFn: () => connectAccount({ network, name, credentials: clean(creds), ...(endpoint ? { endpoints: { api: endpoint } } : {}) }),
    onSuccess: () => {
      setCreds({});
      setName('');
      void qc.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
  return (
    <form
      className="admin-form"
      aria-label="Connect an account"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <h3>Connect an account</h3>
      <label>
        Network
        <select
          value={network}
          onChange={(e) => {
            setNetwork(e.target.value as typeof network);
            setCreds({});
          }}
        >
          {networks.map((n) => (
            <option key={n.network} value={n.network}>
              {n.displayName}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {info && <CredentialFields info={info} values={creds} onChange={setCreds} idPrefix="connect" />}
      <label>
        API endpoint (optional; emulators and self-hosted servers)
        <input type="url" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="https://…" />
      </label>
      <button type="submit" disabled={m.isPending || !name}>
        {m.isPending ? 'Checking with the network…' : 'Connect'}
      </button>
      {m.isError && (
        <p className="error" role="alert">
          {m.error.message}
        </p>
      )}
    </form>
  );
}

function AccountRow({ a, info }: { a: Account; info: NetworkInfo | undefined }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [creds, setCreds] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: (patch: { enabled?: boolean; credentials?: Record<string, string> }) => updateAccount(a.id, patch),
    onSuccess: () => {
      setEditing(false);
      setCreds({});
      void qc.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
  const lag = a.health.lastSuccessAt ? `${timeAgo(a.health.lastSuccessAt)} ago` : 'never';
  return (
    <li className={`admin-account health-${a.health.state}`} data-testid="account-row">
      <div className="row1">
        <NetworkIcon network={a.network} />
        <strong>{a.name}</strong>
        {a.identity?.handle && <span className="muted">{a.identity.handle.includes('@') ? a.identity.handle : `@${a.identity.handle}`}</span>}
        <span className="dot" aria-hidden="true" />
        <span>{a.enabled ? a.health.state : 'disabled'}</span>
        <span className="muted">last fetched {lag}</span>
        {a.health.message && <span className="muted">· {a.health.message}</span>}
      </div>
      {(a.health.parseFailures ?? 0) > 0 && (
        <div className="row1" data-testid="parse-failures">
          <span>
            {a.health.parseFailures} {a.health.parseFailures === 1 ? 'delivery' : 'deliveries'} could not be read
          </span>
          {a.health.lastParseError?.at && <span className="muted">· last {timeAgo(a.health.lastParseError.at)} ago</span>}
          {a.health.lastParseError?.message && <span className="muted">· {a.health.lastParseError.message}</span>}
          <span className="muted">· kept for replay (npm run replay)</span>
        </div>
      )}
      <div className="row3">
        <button type="button" disabled={m.isPending} onClick={() => m.mutate({ enabled: !a.enabled })}>
          {a.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Replace credentials
        </button>
        <span className="muted">{a.hasCredentials ? 'Credentials stored (encrypted, never shown)' : 'No credentials'}</span>
      </div>
      {editing && info && (
        <form
          className="admin-form"
          aria-label={`New credentials for ${a.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            m.mutate({ credentials: clean(creds) });
          }}
        >
          <CredentialFields info={info} values={creds} onChange={setCreds} idPrefix={`edit-${a.id}`} />
          <button type="submit" disabled={m.isPending}>
            {m.isPending ? 'Checking…' : 'Save new credentials'}
          </button>
        </form>
      )}
      {m.isError && (
        <p className="error" role="alert">
          {m.error.message}
        </p>
      )}
    </li>
  );
}

export function Accounts() {
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: listAccounts, refetchInterval: 15_000 });
  const networks = useQuery({ queryKey: ['networks'], queryFn: listNetworks });
  return (
    <section className="admin-section" aria-labelledby="accounts-h">
      <h2 id="accounts-h">Accounts</h2>
      {accounts.isPending ? (
        <p className="state">Loading accounts…</p>
      ) : accounts.isError ? (
        <p className="state error" role="alert">
          Could not load accounts: {accounts.error.message}
        </p>
      ) : accounts.data.length === 0 ? (
        <p className="state">No accounts connected yet. Connect one below.</p>
      ) : (
        <ul className="admin-accounts">
          {accounts.data.map((a) => (
            <AccountRow key={a.id} a={a} info={networks.data?.find((n) => n.network === a.network)} />
          ))}
        </ul>
      )}
      {networks.data && networks.data.length > 0 && <ConnectForm networks={networks.data} />}
      {networks.isError && (
        <p className="error" role="alert">
          Could not load the networks: {networks.error.message}
        </p>
      )}
    </section>
  );
}
