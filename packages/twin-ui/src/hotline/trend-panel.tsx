import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { ChartFrame, type ChartScale } from '../charts/chart-frame.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { toCategoryColor } from './category-colors.ts';
import { formatCount, formatShortDay } from './hotline-format.ts';
import type { CategoryDayCount } from './hotline-types.ts';
import { toLabel } from './labels.ts';
import { type DateRange, toDays } from './period.ts';
import { QueryPlaceholder, StaleMark } from './query-state.tsx';
import { type TrendTable, toNiceMax, toTrendTable } from './trend-series.ts';

/** Orders accepted per day by category over the period: a stacked area (bars for one day). */
export function TrendPanel({
  trend,
  range,
}: {
  trend: PolledQuery<CategoryDayCount[]>;
  range: DateRange;
}) {
  const { t } = useTranslation();
  const table = useMemo(
    () => (trend.data ? toTrendTable(trend.data, toDays(range)) : null),
    [trend.data, range],
  );
  return (
    <Panel
      title={t('hotline.trend.title')}
      testId="hotline-trend"
      className="panel--trend"
      aside={<StaleMark query={trend} />}
    >
      {table === null ? (
        <QueryPlaceholder query={trend} />
      ) : table.max === 0 ? (
        <p className="panel__empty">{t('hotline.trend.noData')}</p>
      ) : (
        <TrendChart table={table} />
      )}
    </Panel>
  );
}

function TrendChart({ table }: { table: TrendTable }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const legend = useMemo(
    () => table.series.filter((item) => item.total > 0).sort((a, b) => b.total - a.total),
    [table],
  );
  const yMax = toNiceMax(table.max);
  const dayCount = table.days.length;

  const shapes = useMemo(() => {
    const below = table.days.map(() => 0);
    return table.series
      .filter((item) => item.total > 0)
      .map((item) => {
        const lower = [...below];
        item.counts.forEach((count, index) => {
          below[index] = (below[index] ?? 0) + count;
        });
        return { category: item.category, lower, upper: [...below] };
      });
  }, [table]);

  const toPath = ({ x, y }: ChartScale, lower: number[], upper: number[]): string => {
    if (dayCount === 1) {
      // One day: a stacked column in the middle.
      const left = x(0) - 14;
      const right = x(0) + 14;
      return `M${left},${y(upper[0] ?? 0)}H${right}V${y(lower[0] ?? 0)}H${left}Z`;
    }
    const top = upper.map((value, index) => `${x(index)},${y(value)}`).join('L');
    const bottom = lower
      .map((value, index) => `${x(index)},${y(value)}`)
      .reverse()
      .join('L');
    return `M${top}L${bottom}Z`;
  };

  const tip = (index: number) => {
    const day = table.days[index];
    if (!day) return null;
    return (
      <>
        <b>
          {formatShortDay(day, language)} · {t('hotline.trend.total')}{' '}
          {formatCount(table.totals[index] ?? 0, language)}
        </b>
        {legend
          .filter((item) => (item.counts[index] ?? 0) > 0)
          .slice(0, 5)
          .map((item) => (
            <span key={item.category}>
              <i style={{ background: toCssColor(toCategoryColor(item.category)) }} />
              {toLabel(t, 'categories', item.category)}{' '}
              {formatCount(item.counts[index] ?? 0, language)}
            </span>
          ))}
      </>
    );
  };

  return (
    <div className="trend">
      <ChartFrame
        count={dayCount}
        yMax={yMax}
        label={t('hotline.trend.title')}
        formatY={(value) => formatCount(Math.round(value), language)}
        xLabel={(index) => formatShortDay(table.days[index] ?? '', language)}
        tip={tip}
      >
        {(scale) =>
          shapes.map((shape) => (
            <path
              key={shape.category}
              d={toPath(scale, shape.lower, shape.upper)}
              fill={toCssColor(toCategoryColor(shape.category))}
              fillOpacity={0.78}
              stroke={toCssColor(toCategoryColor(shape.category))}
              strokeWidth={1}
            />
          ))
        }
      </ChartFrame>
      <ul className="trend__legend">
        {legend.map((item) => (
          <li key={item.category}>
            <i style={{ background: toCssColor(toCategoryColor(item.category)) }} />
            <span>{toLabel(t, 'categories', item.category)}</span>
            <b>{formatCount(item.total, language)}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}
