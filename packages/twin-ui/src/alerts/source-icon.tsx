import { useTranslation } from 'react-i18next';
import type { AlertSource } from './alert-types.ts';

// Line icons on a 16-unit grid: a sensor sending, a camera, a telephone handset.
const paths: Record<AlertSource, string> = {
  iot: 'M8 9.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM5 11a4.2 4.2 0 0 1 0-6M11 5a4.2 4.2 0 0 1 0 6M3 13a7 7 0 0 1 0-10M13 3a7 7 0 0 1 0 10',
  video: 'M1.5 4.5h9v7h-9zM10.5 7l4-2.5v7l-4-2.5',
  hotline:
    'M3.5 1.8 6 1.5l1.2 3-1.6 1.1a8 8 0 0 0 4.8 4.8l1.1-1.6 3 1.2-.3 2.5c-.1.6-.6 1-1.2 1A11.5 11.5 0 0 1 2.5 3c0-.6.4-1.1 1-1.2Z',
};

/** The icon of an alert source, titled with its name (物联感知 / 视频 / 12345). */
export function SourceIcon({ source }: { source: AlertSource }) {
  const { t } = useTranslation();
  return (
    <svg
      className={`source-icon source-icon--${source}`}
      viewBox="0 0 16 16"
      role="img"
      aria-label={t(`alerts.sources.${source}`)}
    >
      <title>{t(`alerts.sources.${source}`)}</title>
      <path d={paths[source]} />
    </svg>
  );
}
