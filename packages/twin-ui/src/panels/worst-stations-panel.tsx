import { useTranslation } from 'react-i18next';
import type { AirSummary } from '../air-quality/air-summary.ts';
import { toAqiBand, toAqiColor, toCssColor } from '../air-quality/aqi-band.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatAqi, formatNumber } from './format.ts';
import { Panel } from './panel.tsx';

/** The five stations with the highest AQI. */
export function WorstStationsPanel({
  summary,
  districtNames,
}: {
  summary: AirSummary | null;
  districtNames: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const worst = summary?.worst ?? [];
  return (
    <Panel title={t('air.worstTitle')} testId="worst-stations">
      {worst.length === 0 ? (
        <p className="panel__empty">{t('air.noStations')}</p>
      ) : (
        <ol className="ranking">
          {worst.map((station, index) => {
            const color = toCssColor(toAqiColor(station.aqi));
            const district =
              station.districtCode === null
                ? t('district.outside')
                : toDistrictName(
                    station.districtCode,
                    districtNames.get(station.districtCode) ?? station.districtCode,
                    language,
                  );
            return (
              <li key={station.id} className="ranking__row">
                <span className="ranking__rank">{index + 1}</span>
                <span className="ranking__name">
                  <span className="ranking__station" title={station.name}>
                    {station.name}
                  </span>
                  <small>{district}</small>
                </span>
                <span className="ranking__pm">
                  {station.pm25 === null ? t('air.noValue') : formatNumber(station.pm25, language)}
                  <small>{t('air.pm25')}</small>
                </span>
                <span className="ranking__aqi" style={{ color, borderColor: color }}>
                  {formatAqi(station.aqi, language)}
                  <small>
                    {station.aqi === null ? '' : t(`air.bands.${toAqiBand(station.aqi).id}`)}
                  </small>
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}
