import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatTime } from './format.ts';

/** Data older than this many expected refreshes is marked stale (one missed poll is normal). */
const staleAfterRefreshes = 2;

/**
 * Whether data of `dataAt` has outlived `refreshMs` (times staleAfterRefreshes). One timer set
 * for the moment it turns stale, so nothing re-renders while the data stays fresh.
 */
export function useIsStale(
  dataAt: number | null | undefined,
  refreshMs: number | undefined,
): boolean {
  const [staleFor, setStaleFor] = useState<number | null>(null);
  useEffect(() => {
    if (dataAt === null || dataAt === undefined || refreshMs === undefined) return;
    const delay = Math.max(0, dataAt + refreshMs * staleAfterRefreshes - Date.now());
    const timer = setTimeout(() => setStaleFor(dataAt), delay);
    return () => clearTimeout(timer);
  }, [dataAt, refreshMs]);
  return dataAt !== null && dataAt !== undefined && staleFor === dataAt;
}

/**
 * A framed panel with a title bar, in the command-centre style. Given the time of its data and
 * how often that data should refresh, it marks itself stale (数据滞后) when the data is late.
 */
export function Panel({
  title,
  children,
  testId,
  aside,
  className,
  dataAt,
  refreshMs,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
  /** Shown at the right end of the title bar (a period, a stale-data mark). */
  aside?: ReactNode;
  /** Extra class names, e.g. to let the panel grow in its column. */
  className?: string;
  /** When the data shown arrived (epoch ms); null before any. */
  dataAt?: number | null;
  /** How often the data is expected to refresh. */
  refreshMs?: number;
}) {
  const { t, i18n } = useTranslation();
  const stale = useIsStale(dataAt, refreshMs);
  const classes = ['panel', className, stale ? 'panel--stale' : ''].filter(Boolean).join(' ');
  return (
    <section className={classes} data-testid={testId} data-stale={stale ? 'true' : undefined}>
      <h2 className="panel__title">
        <span>{title}</span>
        {stale && dataAt !== null && dataAt !== undefined ? (
          <span className="panel__stale" data-testid="panel-stale">
            {t('panel.stale', { time: formatTime(dataAt, currentLanguage(i18n)) })}
          </span>
        ) : null}
        {aside ? <span className="panel__aside">{aside}</span> : null}
      </h2>
      <div className="panel__body">{children}</div>
    </section>
  );
}
