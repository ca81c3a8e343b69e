import { useTranslation } from 'react-i18next';
import type { AirSummary } from '../air-quality/air-summary.ts';
import { toAqiColor, toCssColor } from '../air-quality/aqi-band.ts';
import type { District } from '../graphql/types.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatAqi, formatNumber } from './format.ts';
import { Panel } from './panel.tsx';

/** The districts by name and code, with their stations and average AQI. */
export function DistrictPanel({
  districts,
  summary,
}: {
  districts: readonly District[] | null;
  summary: AirSummary | null;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <Panel title={t('district.title')}>
      <table className="table" data-testid="district-list">
        <thead>
          <tr>
            <th>{t('district.name')}</th>
            <th className="num">{t('district.stations')}</th>
            <th className="num">{t('district.averageAqi')}</th>
          </tr>
        </thead>
        <tbody>
          {(districts ?? []).map((district) => {
            const air = summary?.byDistrict.get(district.code);
            const average = air?.averageAqi ?? null;
            return (
              <tr key={district.code} data-code={district.code}>
                <td>
                  <span className="district-name">
                    {toDistrictName(district.code, district.name, language)}
                  </span>
                  {language === 'zh-CN' ? null : (
                    <small className="district-alt">{district.name}</small>
                  )}
                  <small className="district-code">{district.code}</small>
                </td>
                <td className="num">{formatNumber(air?.stationCount ?? 0, language)}</td>
                <td className="num" style={{ color: toCssColor(toAqiColor(average)) }}>
                  {formatAqi(average, language)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
