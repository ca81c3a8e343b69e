import { useTranslation } from 'react-i18next';
import { toAlertLabel } from '../alerts/alert-format.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import type { KeyCount } from './iot-types.ts';

/** The map's device layers, one per type, each shown or hidden by a click, with its count. */
export function TypeLayerToggles({
  types,
  counts,
  hidden,
  onToggle,
}: {
  types: readonly string[];
  counts: readonly KeyCount[] | null;
  hidden: ReadonlySet<string>;
  onToggle: (type: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <ul className="type-toggles" data-testid="device-layers" title={t('iot.legend.hint')}>
      {types.map((type) => {
        const shown = !hidden.has(type);
        const count = counts?.find((row) => row.key === type)?.count ?? 0;
        return (
          <li key={type}>
            <button
              type="button"
              className={shown ? 'type-toggle is-shown' : 'type-toggle'}
              aria-pressed={shown}
              data-type={type}
              onClick={() => onToggle(type)}
            >
              <i className="type-toggle__check" aria-hidden="true" />
              <span className="type-toggle__name">{toAlertLabel(t, 'deviceTypes', type)}</span>
              <b className="type-toggle__count">{formatNumber(count, language)}</b>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
