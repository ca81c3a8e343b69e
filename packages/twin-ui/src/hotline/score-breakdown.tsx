import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { formatFullDateTime, formatPoints, formatSignedPoints } from './hotline-format.ts';
import { breakdownPageSize, unitScoreBreakdownOperation } from './hotline-operations.ts';
import type { HotlineRules, ScoreComponent, UnitRef } from './hotline-types.ts';
import { toLabel } from './labels.ts';
import type { DateRange } from './period.ts';
import { QueryPlaceholder, StaleMark } from './query-state.tsx';
import { pointsClass } from './ticket-trace.tsx';

const breakdownIntervalMs = 30_000;
/** The most score records the list grows to with "load more". */
const maxItems = 1_000;

/**
 * A unit's score for the period, as leaders check it: the formula (base + each kind's count ×
 * points each) and every record behind it, each opening its work order's trace.
 */
export function ScoreBreakdownView({
  unit,
  range,
  rules,
  onSelectTicket,
}: {
  unit: UnitRef;
  range: DateRange;
  rules: HotlineRules | null;
  onSelectTicket: (ticketId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const [pages, setPages] = useState(1);
  const variables = useMemo(
    () => ({
      unitId: unit.id,
      from: range.from,
      to: range.to,
      first: Math.min(maxItems, pages * breakdownPageSize),
      after: null,
    }),
    [unit.id, range.from, range.to, pages],
  );
  const breakdown = usePolledQuery(unitScoreBreakdownOperation, variables, breakdownIntervalMs);
  const data = breakdown.data;

  // Every kind the rules score, in the rules' order, with the unit's count (0 when none).
  const components = useMemo<ScoreComponent[]>(() => {
    if (!data) return [];
    const byKind = new Map(data.components.map((component) => [component.kind, component]));
    const kinds = rules ? rules.points.map((rule) => rule.kind) : [];
    for (const component of data.components) {
      if (!kinds.includes(component.kind)) kinds.push(component.kind);
    }
    return kinds.map((kind) => {
      const component = byKind.get(kind);
      const pointsEach =
        component?.pointsEach ?? rules?.points.find((rule) => rule.kind === kind)?.points ?? 0;
      return component ?? { kind, count: 0, pointsEach, points: 0 };
    });
  }, [data, rules]);

  return (
    <article className="breakdown" data-testid="score-breakdown" data-unit-id={unit.id}>
      <header className="breakdown__head">
        <span className="breakdown__unit">{unit.name}</span>
        <span className="breakdown__range">
          {t('hotline.period.range', { from: range.from, to: range.to })}
        </span>
        <StaleMark query={breakdown} />
      </header>
      {data === null ? (
        <QueryPlaceholder query={breakdown} />
      ) : (
        <>
          <h3 className="trace__section">{t('hotline.breakdown.formula')}</h3>
          <table className="formula" data-testid="score-formula">
            <tbody>
              <tr>
                <th>{t('hotline.breakdown.base')}</th>
                <td />
                <td />
                <td className="num" data-testid="formula-base">
                  {formatPoints(data.base, language)}
                </td>
              </tr>
              {components.map((component) => (
                <tr key={component.kind} className={component.count === 0 ? 'is-zero' : undefined}>
                  <th>{toLabel(t, 'scoreKinds', component.kind)}</th>
                  <td className="num">
                    {t('hotline.breakdown.times', { count: component.count })}
                  </td>
                  <td className="num">× {formatSignedPoints(component.pointsEach, language)}</td>
                  <td className={`num ${pointsClass(component.points)}`}>
                    {formatSignedPoints(component.points, language)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{t('hotline.breakdown.score')}</th>
                <td />
                <td />
                <td className="num formula__score" data-testid="formula-score">
                  {formatPoints(data.score, language)}
                </td>
              </tr>
            </tfoot>
          </table>
          {rules ? (
            <p className="breakdown__rule">
              {t('hotline.ranking.flagReasons.below_floor', {
                floor: formatPoints(rules.flagBelow, language),
              })}
              {' / '}
              {t('hotline.ranking.flagReasons.fell_too_far', {
                limit: formatPoints(rules.flagFallMoreThan, language),
              })}
              {' → '}
              {t('hotline.ranking.flag')}
            </p>
          ) : null}

          <h3 className="trace__section">{t('hotline.breakdown.items')}</h3>
          {data.items.length === 0 ? (
            <p className="panel__empty">{t('hotline.breakdown.noItems')}</p>
          ) : (
            <ul className="score-items" data-testid="breakdown-items">
              {data.items.map((item) => (
                <li key={`${item.ticketId}/${item.kind}/${item.cycle}`} className="score-item">
                  <span className="score-item__kind">{toLabel(t, 'scoreKinds', item.kind)}</span>
                  <button
                    type="button"
                    className="link-button"
                    data-testid="breakdown-ticket"
                    onClick={() => onSelectTicket(item.ticketId)}
                  >
                    {item.ticketId}
                  </button>
                  <time className="score-item__at" dateTime={item.at}>
                    {formatFullDateTime(item.at, language)}
                  </time>
                  <span className={pointsClass(item.points)}>
                    {formatSignedPoints(item.points, language)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {data.nextCursor !== null && pages * breakdownPageSize < maxItems ? (
            <button
              type="button"
              className="button button--wide"
              onClick={() => setPages(pages + 1)}
            >
              {t('hotline.breakdown.more')}
            </button>
          ) : null}
        </>
      )}
    </article>
  );
}
