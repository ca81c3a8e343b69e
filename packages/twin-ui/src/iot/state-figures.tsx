import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import { toStateColor } from './device-colors.ts';
import { deviceStates, type KeyCount } from './iot-types.ts';

/** Devices per state (告警 静默 未上报 正常), each in its state's colour. */
export function StateFigures({ byState }: { byState: readonly KeyCount[] | null }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <div className="state-figures" data-testid="device-states">
      {deviceStates.map((state) => {
        const count = byState?.find((row) => row.key === state)?.count ?? null;
        return (
          <div
            key={state}
            className="state-figure"
            data-state={state}
            style={{ '--state': toCssColor(toStateColor(state, 4)) } as CSSProperties}
          >
            <span className="state-figure__label">{t(`iot.states.${state}`)}</span>
            <b className="state-figure__value">
              {count === null ? '—' : formatNumber(count, language)}
            </b>
          </div>
        );
      })}
    </div>
  );
}
