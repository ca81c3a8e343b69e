import { useTranslation } from 'react-i18next';
import type { AirSummary } from '../air-quality/air-summary.ts';
import { aqiBands, toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from './format.ts';
import { Panel } from './panel.tsx';

/** The six AQI bands with their ranges, colours and how many stations are in each. */
export function AqiLegendPanel({ summary }: { summary: AirSummary | null }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const total = summary?.reportingCount ?? 0;
  return (
    <Panel title={t('air.legendTitle')} testId="aqi-legend">
      <ul className="legend">
        {aqiBands.map((band) => {
          const count = summary?.bandCounts[band.id] ?? 0;
          const range = Number.isFinite(band.max) ? `${band.min}–${band.max}` : `>${band.min - 1}`;
          return (
            <li key={band.id} className="legend__row">
              <span className="legend__swatch" style={{ background: toCssColor(band.color) }} />
              <span className="legend__name">{t(`air.bands.${band.id}`)}</span>
              <span className="legend__range">{range}</span>
              <span className="legend__bar">
                <span
                  className="legend__fill"
                  style={{
                    width: `${total === 0 ? 0 : (count / total) * 100}%`,
                    background: toCssColor(band.color),
                  }}
                />
              </span>
              <span className="legend__count">{formatNumber(count, language)}</span>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
