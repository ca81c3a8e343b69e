import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../charts/chart-frame.tsx';
import { formatHourMinute } from '../charts/chart-format.ts';
import { toNiceMax } from '../hotline/trend-series.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import type { SeriesPoint } from './iot-types.ts';

/** Decimals that show a value's change: none for large numbers, up to two for small ones. */
function toDigits(span: number): number {
  if (span >= 100) return 0;
  if (span >= 10) return 1;
  return 2;
}

/**
 * One metric over a fixed window: the bucket averages as a line over the min–max band, on
 * slots of `bucketMs` from `from` (buckets without readings leave gaps).
 */
export function SeriesChart({
  points,
  from,
  bucketMs,
  slots,
  label,
  unit,
}: {
  points: readonly SeriesPoint[];
  /** Start of the first slot, epoch ms. */
  from: number;
  bucketMs: number;
  slots: number;
  label: string;
  unit: string;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const bySlot = useMemo(() => {
    const table: (SeriesPoint | null)[] = Array.from({ length: slots }, () => null);
    for (const point of points) {
      const index = Math.round((Date.parse(point.ts) - from) / bucketMs);
      if (index >= 0 && index < slots) table[index] = point;
    }
    return table;
  }, [points, from, bucketMs, slots]);

  // The axis spans the data (a level of 318 m should not sit on a 0–400 axis).
  const values = points.flatMap((point) => [point.min, point.max]);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 1;
  const base = low >= 0 && low < (high - low) * 2 ? 0 : low - (high - low) * 0.1;
  const yMax = toNiceMax(Math.max(high - base, 1e-9) * 1.05);
  const digits = toDigits(high - base);
  const fmt = (value: number) => formatNumber(value, language, digits);

  const tip = (index: number) => {
    const point = bySlot[index];
    if (!point) return null;
    return (
      <>
        <b>{formatHourMinute(point.ts, language)}</b>
        <span>
          {t('iot.detail.average')} {fmt(point.value)} {unit}
        </span>
        <span>
          {t('iot.detail.range')} {fmt(point.min)}–{fmt(point.max)}
        </span>
      </>
    );
  };

  return (
    <div className="series-chart" data-testid="series-chart" data-points={points.length}>
      <ChartFrame
        count={slots}
        yMax={yMax}
        label={label}
        formatY={(value) => fmt(value + base)}
        xLabel={(index) => formatHourMinute(from + index * bucketMs, language)}
        tip={tip}
      >
        {({ x, y }) => {
          const segments: string[] = [];
          let band = '';
          let current = '';
          bySlot.forEach((point, index) => {
            if (!point) {
              if (current) segments.push(current);
              current = '';
              return;
            }
            current += `${current ? 'L' : 'M'}${x(index)},${y(point.value - base)}`;
            band += `M${x(index)},${y(point.max - base)}V${y(point.min - base)}`;
          });
          if (current) segments.push(current);
          return (
            <>
              <path className="series-chart__band" d={band} />
              {segments.map((d, index) => (
                <path key={index} className="series-chart__line" d={d} />
              ))}
              {bySlot.map((point, index) =>
                point && segments.every((d) => !d.includes('L')) ? (
                  <circle
                    key={index}
                    className="series-chart__dot"
                    cx={x(index)}
                    cy={y(point.value - base)}
                    r={2.5}
                  />
                ) : null,
              )}
            </>
          );
        }}
      </ChartFrame>
    </div>
  );
}
