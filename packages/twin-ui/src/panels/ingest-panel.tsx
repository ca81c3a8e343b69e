import { useTranslation } from 'react-i18next';
import type { CitySnapshot } from '../graphql/types.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from './format.ts';
import { Panel } from './panel.tsx';

/** What ingest accepted, absorbed as duplicates and rejected, and the storage engine. */
export function IngestPanel({ snapshot }: { snapshot: CitySnapshot | null }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const stats = snapshot?.ingestStats;
  const value = (count: number | undefined): string =>
    count === undefined ? t('air.noValue') : formatNumber(count, language);
  const storage = snapshot?.storage;
  const storageLabel =
    storage === undefined
      ? t('air.noValue')
      : storage === 'timescaledb'
        ? t('ingest.storageTimescale')
        : storage === 'postgres'
          ? t('ingest.storagePostgres')
          : storage || t('ingest.storageUnknown');
  return (
    <Panel title={t('ingest.title')} testId="ingest-stats">
      <div className="counters">
        <div className="counter counter--accepted">
          <span className="counter__value" data-testid="ingest-accepted">
            {value(stats?.accepted)}
          </span>
          <span className="counter__label">{t('ingest.accepted')}</span>
        </div>
        <div className="counter counter--duplicates">
          <span className="counter__value">{value(stats?.duplicates)}</span>
          <span className="counter__label">{t('ingest.duplicates')}</span>
        </div>
        <div className="counter counter--rejected">
          <span className="counter__value">{value(stats?.rejected)}</span>
          <span className="counter__label">{t('ingest.rejected')}</span>
        </div>
      </div>
      <div className="storage" data-testid="storage-mode">
        <span className="storage__label">{t('ingest.storage')}</span>
        <span className="storage__value">{storageLabel}</span>
      </div>
    </Panel>
  );
}
