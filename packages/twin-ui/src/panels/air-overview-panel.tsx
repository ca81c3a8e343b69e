import { useTranslation } from 'react-i18next';
import type { AirSummary } from '../air-quality/air-summary.ts';
import { toAqiColor, toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatAqi, formatNumber } from './format.ts';
import { Panel } from './panel.tsx';

/** Station count, reporting stations and the city's average AQI. */
export function AirOverviewPanel({ summary }: { summary: AirSummary | null }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const average = summary?.averageAqi ?? null;
  return (
    <Panel title={t('air.overviewTitle')}>
      <div className="figures">
        <div className="figure">
          <span className="figure__label">{t('air.stationCount')}</span>
          <span className="figure__value" data-testid="station-count">
            {summary ? formatNumber(summary.stationCount, language) : t('air.noValue')}
          </span>
        </div>
        <div className="figure">
          <span className="figure__label">{t('air.reportingCount')}</span>
          <span className="figure__value">
            {summary ? formatNumber(summary.reportingCount, language) : t('air.noValue')}
          </span>
        </div>
        <div className="figure">
          <span className="figure__label">{t('air.averageAqi')}</span>
          <span
            className="figure__value figure__value--aqi"
            data-testid="average-aqi"
            style={{ color: toCssColor(toAqiColor(average)) }}
          >
            {formatAqi(average, language)}
          </span>
        </div>
      </div>
    </Panel>
  );
}
