import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import type { AlertSummary, Severity } from './alert-types.ts';
import { toSeverityKey } from './severity.ts';

const order: readonly Severity[] = [4, 3, 2, 1];

/** Open alerts per severity, critical first: the four figures over the incident list. */
export function SeveritySummary({ alerts }: { alerts: readonly AlertSummary[] | null }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <div className="severity-summary" data-testid="severity-summary">
      {order.map((severity) => (
        <div key={severity} className={`severity-figure severity-figure--${severity}`}>
          <span className="severity-figure__label">{t(toSeverityKey(severity))}</span>
          <b className="severity-figure__value" data-severity={severity}>
            {alerts === null
              ? '—'
              : formatNumber(
                  alerts.filter((alert) => alert.severity === severity).length,
                  language,
                )}
          </b>
        </div>
      ))}
    </div>
  );
}
