import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import { useAppLink } from '../live/app-link.ts';
import type { LinkState } from '../live/city-feed.ts';
import { combineLinks } from '../live/polled-query.ts';
import { formatTime } from '../panels/format.ts';

/**
 * Over the map while the gateway cannot be reached (by this scene's feed or by any other on
 * the screen: one app-wide state): a full card before any data arrived,
 * a slim banner over the last data otherwise. Nothing while live. `detail` replaces the
 * standard line under the title (how a scene keeps going meanwhile).
 */
export function LinkBanner({
  link: sceneLink,
  hasData,
  detail: sceneDetail,
}: {
  link: LinkState;
  hasData: boolean;
  detail?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const appLink = useAppLink();
  const link = appLink.phase === 'reconnecting' ? combineLinks([sceneLink, appLink]) : sceneLink;
  if (link.phase === 'live') return null;
  if (link.phase === 'connecting' && hasData) return null;

  const title =
    link.phase === 'connecting' ? t('link.connectingTitle') : t('link.reconnectingTitle');
  const updatedAt = link.phase === 'reconnecting' ? link.updatedAt : null;
  const detail =
    link.phase === 'reconnecting'
      ? `${sceneDetail ?? t('link.reconnectingDetail')} · ${
          updatedAt === null
            ? t('link.neverUpdated')
            : t('link.lastUpdate', { time: formatTime(updatedAt, language) })
        }`
      : null;

  return (
    <div
      className={hasData ? 'link-banner link-banner--slim' : 'link-banner link-banner--card'}
      role="status"
      aria-live="polite"
      data-testid="link-banner"
    >
      <span className="link-banner__pulse" aria-hidden="true" />
      <div>
        <div className="link-banner__title">{title}</div>
        {detail ? <div className="link-banner__detail">{detail}</div> : null}
      </div>
    </div>
  );
}
