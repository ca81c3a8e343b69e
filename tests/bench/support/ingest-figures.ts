import type { BenchFigure } from './bench-result.ts';
import { percentile, targets, type Figures } from './report.ts';

/** The ingest run's figures for `pnpm bench`: the pipeline against the targets and the ceilings. */
export function toIngestFigures(f: Figures): BenchFigure[] {
  const copyRate = f.copyRowsRate / 2;
  const lower = Math.min(f.brokerRate, copyRate);
  const s = f.sustained;
  const requested = f.paced.at(-1);
  const c = f.check;
  return [
    {
      measure: 'pipeline, sustained, first publish → last commit',
      value: s.rate,
      unit: 'msg/s',
      target: { op: '>=', bound: targets.rate },
      ...(s.complete ? {} : { met: false }),
    },
    { measure: 'pipeline, steady part (10 % → 90 % committed)', value: s.steady, unit: 'msg/s' },
    { measure: 'ceiling: broker (C clients, QoS 1)', value: f.brokerRate, unit: 'msg/s' },
    { measure: 'ceiling: psql \\copy into iot_reading', value: copyRate, unit: 'msg/s' },
    {
      measure: 'pipeline ÷ lower ceiling',
      value: (s.rate / lower) * 100,
      unit: '%',
      target: { op: '>=', bound: targets.shareOfLowerCeiling * 100 },
    },
    { measure: 'pipeline ÷ broker ceiling', value: s.rate / f.brokerRate, unit: '×' },
    { measure: 'pipeline ÷ COPY ceiling', value: s.rate / copyRate, unit: '×' },
    { measure: 'reference: MQTT.js subscriber, no database', value: f.mqttJsRate, unit: 'msg/s' },
    {
      measure: 'reference: naive consumer, a commit per message',
      value: f.naiveRate,
      unit: 'msg/s',
    },
    ...f.paced.map((p): BenchFigure => ({
      measure: `fixed rate ${Math.round(p.rate).toLocaleString('en-US')} msg/s: publish → committed p99`,
      value: percentile(p.latencies, 99),
      unit: 'ms',
      ...(p === requested ? { target: { op: '<', bound: targets.p99Ms } } : {}),
      ...(p === requested && !p.complete ? { met: false } : {}),
    })),
    {
      measure: 'lost (acknowledged, not stored); zero duplicates',
      value: c.published - c.stored,
      unit: 'messages',
      target: { op: '<=', bound: 0 },
      met: c.published === c.stored && c.duplicateRows === 0 && s.complete,
    },
  ];
}
