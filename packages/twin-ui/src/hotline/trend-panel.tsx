import { type PointerEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { useElementSize } from '../map/use-element-size.ts';
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

const margin = { top: 8, right: 8, bottom: 20, left: 40 };

function TrendChart({ table }: { table: TrendTable }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const frameRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(frameRef);
  const [hover, setHover] = useState<number | null>(null);
  const legend = useMemo(
    () => table.series.filter((item) => item.total > 0).sort((a, b) => b.total - a.total),
    [table],
  );

  const width = size?.width ?? 0;
  const height = size?.height ?? 0;
  const plotWidth = Math.max(0, width - margin.left - margin.right);
  const plotHeight = Math.max(0, height - margin.top - margin.bottom);
  const yMax = toNiceMax(table.max);
  const dayCount = table.days.length;
  const x = (index: number) =>
    margin.left + (dayCount <= 1 ? plotWidth / 2 : (index / (dayCount - 1)) * plotWidth);
  const y = (value: number) => margin.top + plotHeight - (value / yMax) * plotHeight;

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

  const toPath = (lower: number[], upper: number[]): string => {
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

  const handlePointer = (event: PointerEvent<SVGSVGElement>) => {
    if (dayCount === 0 || plotWidth === 0) return;
    const bounds = event.currentTarget.getBoundingClientRect();
    const ratio = (event.clientX - bounds.left - margin.left) / plotWidth;
    const index = Math.min(dayCount - 1, Math.max(0, Math.round(ratio * (dayCount - 1))));
    if (index !== hover) setHover(index);
  };

  const labelDays = dayCount <= 1 ? [0] : [0, Math.floor((dayCount - 1) / 2), dayCount - 1];
  const hoverDay = hover === null ? null : table.days[hover];

  return (
    <div className="trend">
      <div ref={frameRef} className="trend__frame">
        {size ? (
          <svg
            width={width}
            height={height}
            className="trend__chart"
            role="img"
            aria-label={t('hotline.trend.title')}
            onPointerMove={handlePointer}
            onPointerLeave={() => setHover(null)}
          >
            {[0, 0.5, 1].map((share) => (
              <g key={share}>
                <line
                  className="trend__grid"
                  x1={margin.left}
                  x2={margin.left + plotWidth}
                  y1={y(yMax * share)}
                  y2={y(yMax * share)}
                />
                <text className="trend__tick" x={margin.left - 6} y={y(yMax * share)} dy="0.32em">
                  {formatCount(Math.round(yMax * share), language)}
                </text>
              </g>
            ))}
            {shapes.map((shape) => (
              <path
                key={shape.category}
                d={toPath(shape.lower, shape.upper)}
                fill={toCssColor(toCategoryColor(shape.category))}
                fillOpacity={0.78}
                stroke={toCssColor(toCategoryColor(shape.category))}
                strokeWidth={1}
              />
            ))}
            {labelDays.map((index) => (
              <text
                key={index}
                className="trend__tick trend__tick--x"
                x={x(index)}
                y={height - 4}
                textAnchor={
                  dayCount <= 1
                    ? 'middle'
                    : index === 0
                      ? 'start'
                      : index === dayCount - 1
                        ? 'end'
                        : 'middle'
                }
              >
                {formatShortDay(table.days[index] ?? '', language)}
              </text>
            ))}
            {hover !== null ? (
              <line
                className="trend__cursor"
                x1={x(hover)}
                x2={x(hover)}
                y1={margin.top}
                y2={margin.top + plotHeight}
              />
            ) : null}
          </svg>
        ) : null}
        {hover !== null && hoverDay ? (
          <div
            className="trend__tip"
            style={{
              left: x(hover) > width / 2 ? undefined : x(hover) + 8,
              right: x(hover) > width / 2 ? width - x(hover) + 8 : undefined,
            }}
          >
            <b>
              {formatShortDay(hoverDay, language)} · {t('hotline.trend.total')}{' '}
              {formatCount(table.totals[hover] ?? 0, language)}
            </b>
            {legend
              .filter((item) => (item.counts[hover] ?? 0) > 0)
              .slice(0, 5)
              .map((item) => (
                <span key={item.category}>
                  <i style={{ background: toCssColor(toCategoryColor(item.category)) }} />
                  {toLabel(t, 'categories', item.category)}{' '}
                  {formatCount(item.counts[hover] ?? 0, language)}
                </span>
              ))}
          </div>
        ) : null}
      </div>
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
