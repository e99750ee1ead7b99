// The dashboard: volume, sentiment, complaint share and the team's response times over a period,
// from the server's bucket counters; spike alerts; CSV export. Loaded on demand (React.lazy).
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResponsesRow, VolumeRow } from '@inbox/contract';
import { Chart, type Series } from './Chart.tsx';
import { ackAlert, getAlerts, getResponses, getVolume, PERIODS, type By } from './api.ts';
import './dashboard.css';

const BY_LABELS: Array<[By, string]> = [
  ['network', 'Network'],
  ['lang', 'Language'],
  ['sentiment', 'Sentiment'],
  ['account', 'Account'],
];

function pivot(rows: VolumeRow[]): { x: number[]; byKey: Series[]; totals: Map<number, Omit<VolumeRow, 'start' | 'key'>> } {
  const x = [...new Set(rows.map((r) => Date.parse(r.start)))].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  const keys = new Map<string, Array<number | null>>();
  const totals = new Map<number, Omit<VolumeRow, 'start' | 'key'>>();
  for (const r of rows) {
    const t = Date.parse(r.start);
    const line = keys.get(r.key) ?? x.map(() => 0);
    line[index.get(t)!] = r.messages;
    keys.set(r.key, line);
    const tot = totals.get(t) ?? { messages: 0, complaints: 0, negative: 0, neutral: 0, positive: 0 };
    for (const f of ['messages', 'complaints', 'negative', 'neutral', 'positive'] as const) tot[f] += r[f];
    totals.set(t, tot);
  }
  return { x, byKey: [...keys.entries()].map(([label, values]) => ({ label, values })), totals };
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);

export default function Dashboard({ canAct }: { canAct: boolean }) {
  const [periodIdx, setPeriodIdx] = useState(1);
  const [by, setBy] = useState<By>('network');
  const [table, setTable] = useState(false);
  const period = PERIODS[periodIdx]!;
  const volume = useQuery({ queryKey: ['analytics', 'volume', periodIdx, by], queryFn: () => getVolume(period, by), refetchInterval: 60_000 });
  const responses = useQuery({ queryKey: ['analytics', 'responses', periodIdx], queryFn: () => getResponses(period), refetchInterval: 60_000 });
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: getAlerts, refetchInterval: 60_000 });
  const qc = useQueryClient();
  const ack = useMutation({ mutationFn: ackAlert, onSuccess: () => qc.invalidateQueries({ queryKey: ['alerts'] }) });

  const v = useMemo(() => pivot(volume.data ?? []), [volume.data]);
  const sentiment = useMemo<Series[]>(
    () => (['negative', 'neutral', 'positive'] as const).map((f) => ({ label: f, values: v.x.map((t) => v.totals.get(t)?.[f] ?? 0) })),
    [v],
  );
  const share = useMemo<Series[]>(() => [{ label: 'complaint share %', values: v.x.map((t) => { const s = v.totals.get(t); return s && s.messages > 0 ? Math.round((1000 * s.complaints) / s.messages) / 10 : null; }) }], [v]);
  const r = responses.data ?? [];
  const rx = useMemo(() => r.map((row: ResponsesRow) => Date.parse(row.start)), [r]);
  const rSeries = useMemo<Series[]>(() => [{ label: 'mean first response (min)', values: r.map((row) => minutes(row.meanResponseMs)) }], [r]);
  const totalDue = r.reduce((n, row) => n + row.dueMet + row.dueMissed, 0);
  const met = r.reduce((n, row) => n + row.dueMet, 0);
  const totalMessages = [...v.totals.values()].reduce((n, t) => n + t.messages, 0);
  const totalComplaints = [...v.totals.values()].reduce((n, t) => n + t.complaints, 0);

  return (
    <main className="dashboard" aria-label="Dashboard">
      {(alerts.data ?? []).length > 0 && (
        <section className="alerts" role="alert" data-testid="alerts">
          {alerts.data!.map((a) => (
            <p key={a.id}>
              <strong>{a.kind === 'volume' ? 'Volume spike' : 'Complaint spike'}</strong> on {a.dimension} <code>{a.key}</code> at {new Date(a.at).toLocaleString()}: {a.figures.messages} messages
              ({a.figures.complaints} complaints) against an hourly mean of {a.figures.baselineHourlyMean}.{' '}
              {canAct && (
                <button type="button" onClick={() => ack.mutate(a.id)}>
                  Acknowledge
                </button>
              )}
            </p>
          ))}
        </section>
      )}
      <div className="dash-controls">
        <label>
          Period{' '}
          <select value={periodIdx} onChange={(e) => setPeriodIdx(Number(e.target.value))}>
            {PERIODS.map((p, i) => (
              <option key={p.label} value={i}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Volume by{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as By)}>
            {BY_LABELS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={table} onChange={(e) => setTable(e.target.checked)} /> Show numbers
        </label>
        <a className="button" href="/api/export.csv" download data-testid="export-csv">
          Export CSV
        </a>
        <span className="dash-summary" data-testid="dash-summary">
          {totalMessages} messages · {totalComplaints} complaints · {r.reduce((n, row) => n + row.responses, 0)} first responses · reply-by met {totalDue > 0 ? `${Math.round((100 * met) / totalDue)}%` : '—'}
        </span>
      </div>
      {volume.isError && <p className="state error">Could not load the figures: {volume.error.message}</p>}
      {table ? (
        <table className="dash-table" data-testid="dash-table">
          <thead>
            <tr>
              <th>start</th>
              <th>{by}</th>
              <th>messages</th>
              <th>complaints</th>
              <th>negative</th>
              <th>neutral</th>
              <th>positive</th>
            </tr>
          </thead>
          <tbody>
            {(volume.data ?? []).map((row) => (
              <tr key={`${row.start}|${row.key}`}>
                <td>{new Date(row.start).toLocaleString()}</td>
                <td>{row.key}</td>
                <td>{row.messages}</td>
                <td>{row.complaints}</td>
                <td>{row.negative}</td>
                <td>{row.neutral}</td>
                <td>{row.positive}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="charts">
          <Chart title={`Messages by ${by}`} x={v.x} series={v.byKey} unit="messages" testId="chart-volume" />
          <Chart title="Sentiment" x={v.x} series={sentiment} unit="messages" testId="chart-sentiment" />
          <Chart title="Complaint share" x={v.x} series={share} unit="%" testId="chart-complaints" />
          <Chart title="First response time" x={rx} series={rSeries} unit="minutes" testId="chart-responses" />
        </div>
      )}
    </main>
  );
}
