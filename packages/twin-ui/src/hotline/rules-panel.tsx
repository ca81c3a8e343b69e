import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { formatPoints, formatSignedPoints } from './hotline-format.ts';
import type { HotlineRules } from './hotline-types.ts';
import { toLabel } from './labels.ts';
import { QueryPlaceholder } from './query-state.tsx';
import { pointsClass } from './ticket-trace.tsx';

/** The scoring rules in force: base, points per kind of fact, and when a unit is flagged. */
export function RulesPanel({ rules }: { rules: PolledQuery<HotlineRules> }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const data = rules.data;
  return (
    <Panel title={t('hotline.rules.title')} testId="hotline-rules">
      {data === null ? (
        <QueryPlaceholder query={rules} />
      ) : (
        <>
          <ul className="rules">
            <li>
              <span>{t('hotline.breakdown.base')}</span>
              <b>{formatPoints(data.base, language)}</b>
            </li>
            {data.points.map((rule) => (
              <li key={rule.kind}>
                <span>{toLabel(t, 'scoreKinds', rule.kind)}</span>
                <b className={pointsClass(rule.points)}>
                  {t('hotline.breakdown.each', {
                    points: formatSignedPoints(rule.points, language),
                  })}
                </b>
              </li>
            ))}
          </ul>
          <p className="rules__flag">
            <span className="flag-badge">{t('hotline.ranking.flag')}</span>
            {t('hotline.rules.flag', {
              floor: formatPoints(data.flagBelow, language),
              limit: formatPoints(data.flagFallMoreThan, language),
            })}
          </p>
        </>
      )}
    </Panel>
  );
}
