import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { toTitle } from '../alerts/alert-format.ts';
import { toSeverityColor, toSeverityKey } from '../alerts/severity.ts';
import { useNow } from '../alerts/use-now.ts';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { QueryPlaceholder } from '../hotline/query-state.tsx';
import { currentLanguage } from '../i18n/i18n.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { toCameraColor } from './camera-colors.ts';
import { DetectionList } from './detection-list.tsx';
import { cameraDetailOperation } from './video-operations.ts';

const detailIntervalMs = 15_000;
const ageTickMs = 30_000;

/** A camera: state, district, status time, open alerts and its latest detections. */
export function CameraDetailView({
  cameraId,
  districtName,
}: {
  cameraId: string;
  districtName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const now = useNow(ageTickMs);
  const detail = usePolledQuery(cameraDetailOperation, { id: cameraId }, detailIntervalMs);

  if (detail.data === null) {
    return detail.link.phase === 'live' ? (
      <p className="panel__empty">{t('video.detail.notFound')}</p>
    ) : (
      <QueryPlaceholder query={detail} />
    );
  }
  const camera = detail.data;
  return (
    <div className="device-detail" data-testid="camera-detail" data-camera={camera.id}>
      <h3
        className="device-detail__name"
        style={{ '--state': toCssColor(toCameraColor(camera)) } as CSSProperties}
      >
        <i className="device-row__dot" aria-hidden="true" />
        {camera.name}
      </h3>
      <dl className="detail-values">
        <dt>{t('video.detail.state')}</dt>
        <dd data-testid="camera-state">
          {camera.state === 'alert' && camera.alertSeverity !== null
            ? `${t('video.states.alert')} · ${t(toSeverityKey(camera.alertSeverity))}`
            : t(`video.states.${camera.state}`)}
        </dd>
        <dt>{t('video.detail.district')}</dt>
        <dd>{camera.district ? districtName(camera.district) : '—'}</dd>
        <dt>{t('video.detail.statusAt')}</dt>
        <dd>{formatFullDateTime(camera.statusAt, language)}</dd>
        {camera.streamUrl ? (
          <>
            <dt>{t('video.detail.stream')}</dt>
            <dd className="device-detail__stream">{camera.streamUrl}</dd>
          </>
        ) : null}
      </dl>

      <h4 className="device-detail__heading">{t('video.detail.openAlerts')}</h4>
      {camera.openAlerts.length === 0 ? (
        <p className="panel__empty panel__empty--good">{t('video.detail.noAlerts')}</p>
      ) : (
        <ul className="open-alerts">
          {camera.openAlerts.map((alert) => (
            <li
              key={alert.id}
              style={{ '--state': toCssColor(toSeverityColor(alert.severity)) } as CSSProperties}
            >
              <i className="device-row__dot" aria-hidden="true" />
              <span>{toTitle(alert, language)}</span>
              <small>{formatFullDateTime(alert.openedAt, language)}</small>
            </li>
          ))}
        </ul>
      )}

      <h4 className="device-detail__heading">{t('video.detail.recent')}</h4>
      {camera.recentEvents.length === 0 ? (
        <p className="panel__empty">{t('video.detail.noEvents')}</p>
      ) : (
        <DetectionList
          detections={camera.recentEvents}
          now={now}
          districtName={districtName}
          testId="camera-detections"
        />
      )}
    </div>
  );
}
