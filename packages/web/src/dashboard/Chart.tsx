import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: Array<number | null>;
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/** A time chart (uPlot on a canvas): `x` are bucket starts in ms, one line per series. */
export function Chart({ title, x, series, unit, testId }: { title: string; x: number[]; series: Series[]; unit?: string; testId: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = el.current;
    if (!host) return;
    const opts: uPlot.Options = {
      width: Math.max(320, host.clientWidth || 600),
      height: 220,
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: x.length < 40 } }))],
      axes: [{}, { label: unit ?? '', size: 56 }],
      scales: { x: { time: true } },
    };
    const plot = new uPlot(opts, [x.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData, host);
    const resize = () => plot.setSize({ width: Math.max(320, host.clientWidth), height: 220 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [x, series, unit]);
  const points = series.reduce((n, s) => n + s.values.filter((v) => v !== null && v !== 0).length, 0);
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption>{title}</figcaption>
      {x.length === 0 ? <p className="state">No data in this period.</p> : <div ref={el} />}
    </figure>
  );
}
