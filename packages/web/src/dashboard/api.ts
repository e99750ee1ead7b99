import type { Alert, ResponsesRow, VolumeRow } from '@inbox/contract';

async function get<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  const body = (await res.json().catch(() => null)) as { error?: string; data?: T } | null;
  if (!res.ok) throw new Error(body?.error ?? `${res.status} ${res.statusText}`);
  return body!.data as T;
}

export type Bucket = 'hour' | 'day' | 'week';
export type By = 'network' | 'lang' | 'sentiment' | 'account';

export interface Period {
  label: string;
  bucket: Bucket;
  days: number;
}
export const PERIODS: Period[] = [
  { label: 'Last 24 hours', bucket: 'hour', days: 1 },
  { label: 'Last 7 days', bucket: 'day', days: 7 },
  { label: 'Last 30 days', bucket: 'day', days: 30 },
  { label: 'Last 12 weeks', bucket: 'week', days: 84 },
];

function range(p: Period): URLSearchParams {
  const to = new Date();
  return new URLSearchParams({ from: new Date(to.getTime() - p.days * 86_400_000).toISOString(), to: to.toISOString(), bucket: p.bucket });
}

export const getVolume = (p: Period, by: By) => get<VolumeRow[]>(`/api/analytics/volume?${range(p)}&by=${by}`);
export const getResponses = (p: Period) => get<ResponsesRow[]>(`/api/analytics/responses?${range(p)}`);
export const getAlerts = () => get<Alert[]>('/api/alerts?acknowledged=false&limit=20');
export const ackAlert = (id: string) => get<Alert>(`/api/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST' });
