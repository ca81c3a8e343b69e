import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { toAlertLabel } from '../alerts/alert-format.ts';
import { ChartFrame } from '../charts/chart-frame.tsx';
import { formatHourMinute, toCountAxisMax } from '../charts/chart-format.ts';
import { toNiceMax } from '../hotline/trend-series.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import { toDetectionColor } from './camera-colors.ts';
import type { EventCount } from './video-types.ts';

const HOUR_MS = 3_600_000;

/** Detections per hour over the window as stacked bars by type, with the types' totals. */
export function EventDensityChart({
  counts,
  from,
  hours,
}: {
  counts: readonly EventCount[];
  /** Start of the first hour, epoch ms. */
  from: number;
  hours: number;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const table = useMemo(() => {
    const totals = Array.from({ length: hours }, () => 0);
    const byType = new Map<string, number[]>();
    for (const row of counts) {
      const index = Math.round((Date.parse(row.bucket) - from) / HOUR_MS);
      if (index < 0 || index >= hours) continue;
      const series = byType.get(row.type) ?? Array.from({ length: hours }, () => 0);
      series[index] = (series[index] ?? 0) + row.count;
      byType.set(row.type, series);
      totals[index] = (totals[index] ?? 0) + row.count;
    }
    const types = [...byType]
      .map(([type, series]) => ({ type, series, total: series.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total || a.type.localeCompare(b.type));
    return { totals, types, max: Math.max(0, ...totals) };
  }, [counts, from, hours]);

  const tip = (index: number) => (
    <>
      <b>
        {formatHourMinute(from + index * HOUR_MS, language)} · {t('video.density.total')}{' '}
        {formatNumber(table.totals[index] ?? 0, language)}
      </b>
      {table.types
        .filter((item) => (item.series[index] ?? 0) > 0)
        .map((item) => (
          <span key={item.type}>
            <i style={{ background: toCssColor(toDetectionColor(item.type)) }} />
            {toAlertLabel(t, 'eventTypes', item.type)}{' '}
            {formatNumber(item.series[index] ?? 0, language)}
          </span>
        ))}
    </>
  );

  return (
    <div
      className="trend"
      data-testid="event-density"
      data-total={table.totals.reduce((a, b) => a + b, 0)}
    >
      <ChartFrame
        count={hours}
        yMax={toCountAxisMax(toNiceMax(table.max))}
        label={t('video.density.title')}
        formatY={(value) => formatNumber(Math.round(value), language)}
        xLabel={(index) => formatHourMinute(from + index * HOUR_MS, language)}
        tip={tip}
        margin={{ top: 8, right: 14, bottom: 20, left: 40 }}
      >
        {({ x, y, slotWidth }) => {
          const width = Math.max(2, slotWidth * 0.7);
          return table.totals.map((_, index) => {
            let below = 0;
            return table.types.map((item) => {
              const count = item.series[index] ?? 0;
              if (count === 0) return null;
              const top = below + count;
              const rect = (
                <rect
                  key={`${index}/${item.type}`}
                  x={x(index) - width / 2}
                  y={y(top)}
                  width={width}
                  height={Math.max(0, y(below) - y(top))}
                  fill={toCssColor(toDetectionColor(item.type))}
                  fillOpacity={0.85}
                />
              );
              below = top;
              return rect;
            });
          });
        }}
      </ChartFrame>
      <ul className="trend__legend">
        {table.types.map((item) => (
          <li key={item.type}>
            <i style={{ background: toCssColor(toDetectionColor(item.type)) }} />
            <span>{toAlertLabel(t, 'eventTypes', item.type)}</span>
            <b>{formatNumber(item.total, language)}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}
