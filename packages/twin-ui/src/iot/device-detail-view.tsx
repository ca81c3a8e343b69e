import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { toAlertLabel, toTitle } from '../alerts/alert-format.ts';
import { toSeverityColor, toSeverityKey } from '../alerts/severity.ts';
import { useNow } from '../alerts/use-now.ts';
import { zhCN } from '../i18n/zh-cn.ts';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { QueryPlaceholder } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { formatNumber } from '../panels/format.ts';
import { toDeviceColor } from './device-colors.ts';
import { deviceDetailOperation } from './iot-operations.ts';
import { SeriesChart } from './series-chart.tsx';

const HOUR_MS = 3_600_000;
const BUCKET_MS = 15 * 60_000;
const SLOTS = (24 * HOUR_MS) / BUCKET_MS;
const detailIntervalMs = 30_000;
/** The 24-hour window moves on this often. */
const windowTickMs = 5 * 60_000;

/** The metric charted first for each device type. */
const primaryMetric: Readonly<Record<string, string>> = {
  air_quality: 'pm25',
  water_level: 'level_m',
  heating: 'supply_temp_c',
  traffic: 'speed_kmh',
  manhole: 'water_cm',
  streetlight: 'power_w',
  noise: 'db',
  ambulance: 'speed_kmh',
};

/** The unit of a metric in the current language ('' when it has none or is unknown). */
function useUnit() {
  const { t } = useTranslation();
  return (metric: string) =>
    Object.hasOwn(zhCN.iot.units, metric)
      ? t(`iot.units.${metric as keyof typeof zhCN.iot.units}`)
      : '';
}

/** A device: type, state, district, latest readings, open alerts and a 24-hour chart. */
export function DeviceDetailView({
  deviceId,
  deviceType,
  districtName,
}: {
  deviceId: string;
  /** Known from the map or the list, so the chart can ask for the right metric at once. */
  deviceType: string | null;
  districtName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const unitOf = useUnit();
  const [chosenMetric, setChosenMetric] = useState<string | null>(null);
  const metric = chosenMetric ?? primaryMetric[deviceType ?? ''] ?? 'pm25';
  const now = useNow(windowTickMs);
  // Hour-aligned, so the gateway answers from its per-minute rollup.
  const to = Math.ceil(now / HOUR_MS) * HOUR_MS;
  const from = to - 24 * HOUR_MS;
  const variables = useMemo(
    () => ({
      id: deviceId,
      metric,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: '15 minutes',
    }),
    [deviceId, metric, from, to],
  );
  const detail = usePolledQuery(deviceDetailOperation, variables, detailIntervalMs);

  if (detail.data === null) {
    return detail.link.phase === 'live' ? (
      <p className="panel__empty">{t('iot.detail.notFound')}</p>
    ) : (
      <QueryPlaceholder query={detail} />
    );
  }
  const device = detail.data;
  const metricLabel = toAlertLabel(t, 'metrics', metric);
  return (
    <div className="device-detail" data-testid="device-detail" data-device={device.id}>
      <h3
        className="device-detail__name"
        style={{ '--state': toCssColor(toDeviceColor(device)) } as CSSProperties}
      >
        <i className="device-row__dot" aria-hidden="true" />
        {device.name}
      </h3>
      <dl className="detail-values">
        <dt>{t('iot.detail.type')}</dt>
        <dd>{toAlertLabel(t, 'deviceTypes', device.type)}</dd>
        <dt>{t('iot.detail.state')}</dt>
        <dd data-testid="device-state">
          {device.state === 'alert' && device.alertSeverity !== null
            ? `${t('iot.states.alert')} · ${t(toSeverityKey(device.alertSeverity))}`
            : t(`iot.states.${device.state}`)}
        </dd>
        <dt>{t('iot.detail.district')}</dt>
        <dd>{device.district ? districtName(device.district) : '—'}</dd>
        <dt>{t('iot.detail.latestTs')}</dt>
        <dd>{formatFullDateTime(device.latestTs, language)}</dd>
      </dl>

      <h4 className="device-detail__heading">{t('iot.detail.latest')}</h4>
      {device.latest.length === 0 ? (
        <p className="panel__empty">{t('iot.detail.noReadings')}</p>
      ) : (
        <ul className="readings" data-testid="device-readings" title={t('iot.detail.seriesHint')}>
          {device.latest.map((reading) => (
            <li key={reading.metric}>
              <button
                type="button"
                className={reading.metric === metric ? 'reading is-charted' : 'reading'}
                data-metric={reading.metric}
                aria-pressed={reading.metric === metric}
                onClick={() => setChosenMetric(reading.metric)}
              >
                <span className="reading__name">{toAlertLabel(t, 'metrics', reading.metric)}</span>
                <b className="reading__value">
                  {formatNumber(reading.value, language, Number.isInteger(reading.value) ? 0 : 2)}
                </b>
                <small className="reading__unit">{unitOf(reading.metric)}</small>
              </button>
            </li>
          ))}
        </ul>
      )}

      <h4 className="device-detail__heading">{t('iot.detail.series', { metric: metricLabel })}</h4>
      {device.series.length === 0 ? (
        <p className="panel__empty">{t('iot.detail.noSeries')}</p>
      ) : (
        <SeriesChart
          points={device.series}
          from={from}
          bucketMs={BUCKET_MS}
          slots={SLOTS}
          label={t('iot.detail.series', { metric: metricLabel })}
          unit={unitOf(metric)}
        />
      )}

      <h4 className="device-detail__heading">{t('iot.detail.openAlerts')}</h4>
      {device.openAlerts.length === 0 ? (
        <p className="panel__empty panel__empty--good">{t('iot.detail.noAlerts')}</p>
      ) : (
        <ul className="open-alerts">
          {device.openAlerts.map((alert) => (
            <li
              key={alert.id}
              style={{ '--state': toCssColor(toSeverityColor(alert.severity)) } as CSSProperties}
            >
              <i className="device-row__dot" aria-hidden="true" />
              <span>{toTitle(alert, language)}</span>
              <small>{formatFullDateTime(alert.openedAt, language)}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
