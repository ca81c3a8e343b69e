import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { formatAge, toAlertLabel } from '../alerts/alert-format.ts';
import { toSeverityKey } from '../alerts/severity.ts';
import { toDeviceColor } from './device-colors.ts';
import type { DevicePoint } from './iot-types.ts';

/** Devices in alert (worst first), then silent ones: each a button opening its detail. */
export function AttentionList({
  devices,
  now,
  districtName,
  selectedId,
  onSelect,
}: {
  devices: readonly DevicePoint[];
  now: number;
  districtName: (code: string) => string;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (devices.length === 0) {
    return <p className="panel__empty panel__empty--good">{t('iot.attention.empty')}</p>;
  }
  return (
    <ul className="device-list" data-testid="attention-list">
      {devices.map((device) => (
        <li key={device.id}>
          <button
            type="button"
            className={device.id === selectedId ? 'device-row is-selected' : 'device-row'}
            data-device={device.id}
            data-state={device.state}
            style={{ '--state': toCssColor(toDeviceColor(device)) } as CSSProperties}
            onClick={() => onSelect(device.id)}
          >
            <span className="device-row__top">
              <i className="device-row__dot" aria-hidden="true" />
              <span className="device-row__name">{device.name}</span>
              <span className="device-row__state">
                {device.state === 'alert' && device.alertSeverity !== null
                  ? t(toSeverityKey(device.alertSeverity))
                  : t(`iot.states.${device.state}`)}
              </span>
            </span>
            <span className="device-row__bottom">
              <span>{toAlertLabel(t, 'deviceTypes', device.type)}</span>
              <span>{device.district ? districtName(device.district) : '—'}</span>
              <span>
                {device.latestTs
                  ? t('iot.attention.lastReport', { age: formatAge(device.latestTs, now, t) })
                  : t('iot.attention.neverReported')}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
