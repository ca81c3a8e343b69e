import { useTranslation } from 'react-i18next';
import { formatDayTime } from '../hotline/hotline-format.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';
import { formatNumber, formatTime } from '../panels/format.ts';
import type { TickerItem } from './alert-feed.ts';
import { toTitle } from './alert-format.ts';
import { SeverityBadge } from './severity-badge.tsx';

const dayMs = 86_400_000;

/**
 * 实时告警: the newest alerts in a row along the top of the map, newest first, each in its
 * severity's colour; one that arrives while the screen watches slides in from the left.
 */
export function AlertTicker({
  items,
  openCount,
  now,
  onSelectAlert,
}: {
  items: readonly TickerItem[];
  /** Open and acknowledged alerts in all, or null before the first answer. */
  openCount: number | null;
  now: number;
  onSelectAlert: (alertId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <section
      className="alert-ticker"
      aria-label={t('alerts.ticker.label')}
      data-testid="alert-ticker"
    >
      <div className="alert-ticker__label">
        {/* A new newest alert remounts the beacon: it pulses a few times, then glows still. */}
        <span key={items[0]?.key ?? 'none'} className="alert-ticker__beacon" aria-hidden="true" />
        <span>{t('alerts.ticker.label')}</span>
        {openCount === null ? null : (
          <b data-testid="open-alert-count">
            {t('alerts.ticker.openCount', { value: formatNumber(openCount, language) })}
          </b>
        )}
      </div>
      <ol className="alert-ticker__track" aria-live="polite">
        {items.length === 0 ? (
          <li className="alert-ticker__empty">{t('alerts.ticker.empty')}</li>
        ) : (
          items.map((item) => (
            <li
              key={item.key}
              className={[
                'ticker-item',
                `ticker-item--${item.alert.severity}`,
                item.fresh ? 'is-fresh' : '',
                item.alert.status === 'resolved' ? 'is-resolved' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              data-testid="ticker-item"
              data-alert-id={item.alert.id}
              data-severity={item.alert.severity}
            >
              <button
                type="button"
                className="ticker-item__button"
                onClick={() => onSelectAlert(item.alert.id)}
              >
                <SeverityBadge severity={item.alert.severity} />
                <span className="ticker-item__title" data-testid="ticker-title">
                  {toTitle(item.alert, language)}
                </span>
                <time className="ticker-item__time" dateTime={item.at}>
                  {formatTickerTime(item.at, now, language)}
                </time>
              </button>
            </li>
          ))
        )}
      </ol>
    </section>
  );
}

/** The clock time for today's alerts, month/day and time for older ones. */
function formatTickerTime(at: string, now: number, language: Language): string {
  const instant = Date.parse(at);
  return now - instant < dayMs ? formatTime(at, language) : formatDayTime(at, language);
}
