import type { TFunction } from 'i18next';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { useReducedMotion } from '../alerts/use-reduced-motion.ts';
import { useElementSize } from '../map/use-element-size.ts';
import { Panel } from '../panels/panel.tsx';
import { usePageScroll } from '../panels/use-page-scroll.ts';
import { formatPoints, formatShortDay } from './hotline-format.ts';
import type { HotlineRules, UnitRanking, UnitRankRow, UnitRef } from './hotline-types.ts';
import { QueryPlaceholder, StaleMark } from './query-state.tsx';

/**
 * 承办单位排名: every unit's score for the period, its change against the previous period and
 * the 约谈 (talk) flag. On a wall screen the list pages through in a loop and stops under the
 * pointer; a click opens the unit's score breakdown.
 */
export function UnitRankingPanel({
  ranking,
  rules,
  onSelectUnit,
}: {
  ranking: PolledQuery<UnitRanking>;
  rules: HotlineRules | null;
  onSelectUnit: (unit: UnitRef) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const data = ranking.data;
  const rows = data?.rows ?? [];

  return (
    <Panel
      title={t('hotline.ranking.title')}
      testId="unit-ranking"
      className="panel--grow"
      aside={
        <>
          <StaleMark query={ranking} />
          {data ? (
            <span
              className="panel__period"
              title={t('hotline.ranking.comparedWith', {
                from: data.previousFrom,
                to: data.previousTo,
              })}
            >
              {t('hotline.period.range', {
                from: formatShortDay(data.from, language),
                to: formatShortDay(data.to, language),
              })}
            </span>
          ) : null}
        </>
      }
    >
      {data === null ? (
        <QueryPlaceholder query={ranking} />
      ) : rows.length === 0 ? (
        <p className="panel__empty">{t('hotline.ranking.noUnits')}</p>
      ) : (
        <RankBoard rows={rows} rules={rules} onSelectUnit={onSelectUnit} />
      )}
    </Panel>
  );
}

/** The header row and the rows, paging through in a loop when they do not fit. */
function RankBoard({
  rows,
  rules,
  onSelectUnit,
}: {
  rows: readonly UnitRankRow[];
  rules: HotlineRules | null;
  onSelectUnit: (unit: UnitRef) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const viewportRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const viewport = useElementSize(viewportRef);
  const list = useElementSize(listRef);
  const reducedMotion = useReducedMotion();
  // Scroll only what does not fit; the loop shows a second copy right under the first.
  const scrolling = viewport !== null && list !== null && list.height > viewport.height;
  usePageScroll({
    viewportRef,
    trackRef,
    viewportHeight: viewport?.height ?? 0,
    listHeight: list?.height ?? 0,
    rowCount: rows.length,
    enabled: scrolling && !reducedMotion,
  });

  const renderRows = (copy: boolean) =>
    rows.map((row) => (
      <RankRow
        key={row.unit.id}
        row={row}
        rules={rules}
        language={language}
        t={t}
        copy={copy}
        onSelect={onSelectUnit}
      />
    ));

  return (
    <div className="rank-board">
      <div className="rank-board__head" aria-hidden="true">
        <span>{t('hotline.ranking.rank')}</span>
        <span>{t('hotline.ranking.unit')}</span>
        <span className="num">{t('hotline.ranking.score')}</span>
        <span className="num">{t('hotline.ranking.change')}</span>
      </div>
      <div ref={viewportRef} className="rank-board__viewport">
        <div
          ref={trackRef}
          className={scrolling ? 'rank-board__track is-scrolling' : 'rank-board__track'}
        >
          <ol ref={listRef} className="rank-board__list">
            {renderRows(false)}
          </ol>
          {scrolling ? (
            <ol className="rank-board__list" aria-hidden="true" inert>
              {renderRows(true)}
            </ol>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function RankRow({
  row,
  rules,
  language,
  t,
  copy,
  onSelect,
}: {
  row: UnitRankRow;
  rules: HotlineRules | null;
  language: Language;
  t: TFunction;
  copy: boolean;
  onSelect: (unit: UnitRef) => void;
}) {
  const trend = row.change > 0 ? 'up' : row.change < 0 ? 'down' : 'flat';
  const arrow = trend === 'up' ? '▲' : trend === 'down' ? '▼' : '—';
  const reasons = row.flagReasons
    .map((reason) =>
      reason === 'below_floor'
        ? t('hotline.ranking.flagReasons.below_floor', {
            floor: formatPoints(rules?.flagBelow ?? 0, language),
          })
        : reason === 'fell_too_far'
          ? t('hotline.ranking.flagReasons.fell_too_far', {
              limit: formatPoints(rules?.flagFallMoreThan ?? 0, language),
            })
          : reason,
    )
    .join('；');
  return (
    <li
      className={row.flagged ? 'rank-row rank-row--flagged' : 'rank-row'}
      data-testid={copy ? undefined : 'ranking-row'}
      data-unit-id={row.unit.id}
    >
      <button
        type="button"
        className="rank-row__button"
        title={t('hotline.ranking.open')}
        tabIndex={copy ? -1 : undefined}
        onClick={() => onSelect(row.unit)}
      >
        <span className={row.rank <= 3 ? 'rank-row__rank is-top' : 'rank-row__rank'}>
          {row.rank}
        </span>
        <span className="rank-row__unit">
          <span className="rank-row__name" data-testid={copy ? undefined : 'ranking-unit-name'}>
            {row.unit.name}
          </span>
          {row.flagged ? (
            <span className="flag-badge" title={reasons}>
              {t('hotline.ranking.flag')}
            </span>
          ) : null}
        </span>
        <span className="rank-row__score num">{formatPoints(row.score, language)}</span>
        <span className={`rank-row__change num is-${trend}`}>
          <span aria-hidden="true">{arrow}</span>
          {trend === 'flat' ? null : formatPoints(Math.abs(row.change), language)}
        </span>
      </button>
    </li>
  );
}
