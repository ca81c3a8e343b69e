import { useTranslation } from 'react-i18next';
import type { PolledQuery } from '../live/polled-query.ts';

/**
 * What a panel shows instead of its data while it has none: loading, reconnecting, or the
 * service not answering as expected. Never an empty panel, never an error text.
 */
export function QueryPlaceholder({ query }: { query: PolledQuery<unknown> }) {
  const { t } = useTranslation();
  const message =
    query.link.phase === 'connecting'
      ? t('hotline.state.loading')
      : query.failure === 'TWIN_GATEWAY_UNREACHABLE'
        ? t('hotline.state.reconnecting')
        : t('hotline.state.unavailable');
  return (
    <p
      className={`query-state query-state--${query.link.phase}`}
      role="status"
      data-testid="query-state"
    >
      <span className="query-state__pulse" aria-hidden="true" />
      {message}
    </p>
  );
}

/** A small mark for a panel's title bar while it shows data it could not refresh. */
export function StaleMark({ query }: { query: PolledQuery<unknown> }) {
  const { t } = useTranslation();
  if (query.link.phase !== 'reconnecting' || query.data === null) return null;
  return (
    <span className="stale-mark" title={t('hotline.state.stale')}>
      {t('hotline.state.stale')}
    </span>
  );
}
