import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toAlertLabel } from '../alerts/alert-format.ts';
import { useNow } from '../alerts/use-now.ts';
import { QueryPlaceholder } from '../hotline/query-state.tsx';
import { DeviceDetailView } from '../iot/device-detail-view.tsx';
import { deviceDetailOperation } from '../iot/iot-operations.ts';
import { SeriesChart } from '../iot/series-chart.tsx';
import { zhCN } from '../i18n/zh-cn.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { type DeviceWindow, deviceWindows } from './cockpit-location.ts';
import type { DeviceHead } from './cockpit-operations.ts';

const hourMs = 3_600_000;
const weekSlots = 7 * 24;
const weekIntervalMs = 60_000;
/** The 7-day window moves on this often. */
const windowTickMs = 15 * 60_000;

/** The metric charted over seven days for each device type (as the IoT scene charts first). */
const weekMetric: Readonly<Record<string, string>> = {
  air_quality: 'pm25',
  water_level: 'level_m',
  heating: 'supply_temp_c',
  traffic: 'speed_kmh',
  manhole: 'water_cm',
  streetlight: 'power_w',
  noise: 'db',
  ambulance: 'speed_kmh',
};

/** A device: its readings and alerts, with its series over 24 hours or 7 days. */
export function DeviceLevel({
  device,
  deviceId,
  window,
  districtName,
  onWindowChange,
}: {
  /** What the device is, once known. */
  device: DeviceHead | null;
  deviceId: string;
  window: DeviceWindow;
  districtName: (code: string) => string;
  onWindowChange: (window: DeviceWindow) => void;
}) {
  const { t } = useTranslation();
  return (
    <Panel
      title={device?.name ?? deviceId}
      testId="cockpit-device"
      className="cockpit__panel cockpit__panel--wide"
      aside={
        <span className="segmented" role="group" aria-label={t('cockpit.device.window')}>
          {deviceWindows.map((item) => (
            <button
              key={item}
              type="button"
              className={item === window ? 'segmented__item is-active' : 'segmented__item'}
              aria-pressed={item === window}
              data-window={item}
              onClick={() => onWindowChange(item)}
            >
              {t(`cockpit.device.windows.${item}`)}
            </button>
          ))}
        </span>
      }
    >
      {window === '7d' && device !== null ? <WeekSeries device={device} /> : null}
      <DeviceDetailView
        key={`${deviceId}/${device?.type ?? ''}`}
        deviceId={deviceId}
        deviceType={device?.type ?? null}
        districtName={districtName}
      />
    </Panel>
  );
}

/** Hourly averages of the device's main metric over the last seven days. */
function WeekSeries({ device }: { device: DeviceHead }) {
  const { t } = useTranslation();
  const metric = weekMetric[device.type] ?? 'pm25';
  const now = useNow(windowTickMs);
  const to = Math.ceil(now / hourMs) * hourMs;
  const from = to - weekSlots * hourMs;
  const variables = useMemo(
    () => ({
      id: device.id,
      metric,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: '1 hour',
    }),
    [device.id, metric, from, to],
  );
  const detail = usePolledQuery(deviceDetailOperation, variables, weekIntervalMs);
  const label = t('cockpit.device.weekSeries', { metric: toAlertLabel(t, 'metrics', metric) });
  const unit = Object.hasOwn(zhCN.iot.units, metric)
    ? t(`iot.units.${metric as keyof typeof zhCN.iot.units}`)
    : '';
  return (
    <section className="cockpit-week" data-testid="device-week-series">
      <h4 className="device-detail__heading">{label}</h4>
      {detail.data === null ? (
        <QueryPlaceholder query={detail} />
      ) : detail.data.series.length === 0 ? (
        <p className="panel__empty">{t('iot.detail.noSeries')}</p>
      ) : (
        <SeriesChart
          points={detail.data.series}
          from={from}
          bucketMs={hourMs}
          slots={weekSlots}
          label={label}
          unit={unit}
        />
      )}
    </section>
  );
}
