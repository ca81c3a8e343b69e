import { useTranslation } from 'react-i18next';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { toAlertLabel } from './alert-format.ts';
import type { LogEntry } from './alert-types.ts';

/** A log, newest first: the action, who did it and when, and the note under it. */
export function AlertLog({ log, testId }: { log: readonly LogEntry[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  if (log.length === 0) return <p className="panel__empty">{t('alerts.detail.noLog')}</p>;
  return (
    <ol className="alert-log" data-testid={testId}>
      {[...log].reverse().map((entry, index) => (
        <li
          key={`${entry.at}/${entry.action}/${log.length - index}`}
          className={`alert-log__entry alert-log__entry--${entry.action}`}
          data-testid="log-entry"
          data-action={entry.action}
        >
          <span className="alert-log__dot" aria-hidden="true" />
          <div className="alert-log__line">
            <b className="alert-log__action">{toAlertLabel(t, 'logActions', entry.action)}</b>
            <span className="alert-log__actor" data-testid="log-actor">
              {entry.actor === 'system' ? t('alerts.detail.system') : entry.actor}
            </span>
            <time className="alert-log__time" dateTime={entry.at}>
              {formatFullDateTime(entry.at, language)}
            </time>
          </div>
          {entry.note ? (
            <div className="alert-log__note" data-testid="log-note">
              {entry.note}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
