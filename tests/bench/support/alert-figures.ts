import type { PhaseFigures } from './alert-subscribers.ts';
import type { BenchFigure } from './bench-result.ts';
import { percentile } from './report.ts';

/** The figures of each alert phase for `pnpm bench`: p50/p95/p99 per delivery, slowest client, lost. */
export function toAlertFigures(
  phases: readonly PhaseFigures[],
  targetP95Ms: number,
): BenchFigure[] {
  return phases.flatMap((p): BenchFigure[] => {
    const p95 = percentile(p.deliveries, 95);
    return [
      {
        measure: `${p.label}: every delivery, p50`,
        value: percentile(p.deliveries, 50),
        unit: 'ms',
      },
      {
        measure: `${p.label}: every delivery, p95 (and none lost)`,
        value: p95,
        unit: 'ms',
        target: { op: '<', bound: targetP95Ms },
        met: p95 < targetP95Ms && p.lost === 0,
      },
      {
        measure: `${p.label}: every delivery, p99`,
        value: percentile(p.deliveries, 99),
        unit: 'ms',
      },
      {
        measure: `${p.label}: each announcement's slowest client, p95`,
        value: percentile(p.slowest, 95),
        unit: 'ms',
      },
      {
        measure: `${p.label}: lost deliveries`,
        value: p.lost,
        unit: '',
        target: { op: '<=', bound: 0 },
      },
    ];
  });
}
