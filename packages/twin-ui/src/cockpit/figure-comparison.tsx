import { useTranslation } from 'react-i18next';
import { formatCount, formatRate, formatSignedPoints } from '../hotline/hotline-format.ts';
import type { HotlineFigures } from '../hotline/hotline-types.ts';
import type { DateRange } from '../hotline/period.ts';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import type { FigurePair } from './cockpit-operations.ts';
import { toRateChangePoints } from './comparison.ts';

type FigureKey =
  'accepted' | 'completionRate' | 'satisfactionRate' | 'onTimeSignRate' | 'overdueOpen';
const figureKeys: readonly FigureKey[] = [
  'accepted',
  'completionRate',
  'satisfactionRate',
  'onTimeSignRate',
  'overdueOpen',
];
const rateKeys = new Set<FigureKey>(['completionRate', 'satisfactionRate', 'onTimeSignRate']);
/** Figures where a rise is bad news (shown red). */
const worseWhenHigher = new Set<FigureKey>(['overdueOpen']);

function formatFigure(key: FigureKey, figures: HotlineFigures, language: Language): string {
  const value = figures[key];
  return rateKeys.has(key) ? formatRate(value, language) : formatCount(value ?? 0, language);
}

/** The period's hotline figures beside the compared period's, with the change of each. */
export function FigureComparison({
  figures,
  range,
  compareRange,
}: {
  figures: PolledQuery<FigurePair>;
  range: DateRange;
  compareRange: DateRange;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const data = figures.data;
  return (
    <Panel
      title={t('cockpit.figures.title')}
      testId="cockpit-figures"
      className="cockpit__panel cockpit__panel--wide"
      aside={<StaleMark query={figures} />}
    >
      {data === null ? (
        <QueryPlaceholder query={figures} />
      ) : (
        <div className="figure-compare">
          <div className="figure-compare__head">
            <span />
            <span data-testid="compare-current-range">
              {t('cockpit.figures.current')}
              <small>{t('hotline.period.range', range)}</small>
            </span>
            <span data-testid="compare-previous-range">
              {t('cockpit.figures.previous')}
              <small>{t('hotline.period.range', compareRange)}</small>
            </span>
            <span>{t('cockpit.figures.change')}</span>
          </div>
          {figureKeys.map((key) => {
            const change = rateKeys.has(key)
              ? toRateChangePoints(data.current[key], data.previous[key])
              : (data.current[key] ?? 0) - (data.previous[key] ?? 0);
            const better =
              change === null || change === 0
                ? 'flat'
                : change > 0 !== worseWhenHigher.has(key)
                  ? 'up'
                  : 'down';
            return (
              <div
                key={key}
                className="figure-compare__row"
                data-figure={key}
                data-testid="compare-figure"
              >
                <span className="figure-compare__name">{t(`cockpit.figures.${key}`)}</span>
                <b className="figure-compare__value" data-testid="compare-current">
                  {formatFigure(key, data.current, language)}
                </b>
                <span className="figure-compare__value" data-testid="compare-previous">
                  {formatFigure(key, data.previous, language)}
                </span>
                <span
                  className={`figure-compare__change is-${better}`}
                  data-testid="compare-change"
                >
                  {change === null
                    ? '—'
                    : rateKeys.has(key)
                      ? t('cockpit.figures.pointChange', {
                          value: formatSignedPoints(change, language),
                        })
                      : formatSignedPoints(change, language)}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </Panel>
  );
}
