import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { formatAge, toAlertLabel } from '../alerts/alert-format.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { formatNumber } from '../panels/format.ts';
import { toDetectionColor } from './camera-colors.ts';
import type { Detection } from './video-types.ts';

/** Detections, newest first: type, camera, district, confidence and age; a click opens the camera. */
export function DetectionList({
  detections,
  now,
  districtName,
  onSelectCamera,
  testId,
}: {
  detections: readonly Detection[];
  now: number;
  districtName: (code: string) => string;
  onSelectCamera?: (cameraId: string) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  return (
    <ul className="detection-list" data-testid={testId}>
      {detections.map((detection) => {
        const content = (
          <>
            <span className="detection__top">
              <i
                className="detection__dot"
                style={{ background: toCssColor(toDetectionColor(detection.type)) }}
                aria-hidden="true"
              />
              <b className="detection__type">{toAlertLabel(t, 'eventTypes', detection.type)}</b>
              {detection.count !== null ? (
                <span className="detection__count">
                  {t('video.detail.count')} {formatNumber(detection.count, language)}
                </span>
              ) : null}
              <span className="detection__age">{formatAge(detection.ts, now, t)}</span>
            </span>
            <span className="detection__bottom">
              <span>{detection.cameraName ?? detection.cameraId}</span>
              <span>{detection.district ? districtName(detection.district) : '—'}</span>
              <span>
                {t('video.detail.confidence')} {formatNumber(detection.confidence * 100, language)}%
              </span>
            </span>
          </>
        );
        return (
          <li key={detection.id} data-type={detection.type}>
            {onSelectCamera ? (
              <button
                type="button"
                className="detection"
                onClick={() => onSelectCamera(detection.cameraId)}
              >
                {content}
              </button>
            ) : (
              <div className="detection">{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
