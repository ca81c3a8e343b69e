import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { toAlertLink } from '../alerts/alert-feed.ts';
import { alertsAtOperation, openAlertsSize } from '../alerts/alert-operations.ts';
import type { Severity } from '../alerts/alert-types.ts';
import { SeveritySummary } from '../alerts/severity-summary.tsx';
import { toSeverityColor, toSeverityKey } from '../alerts/severity.ts';
import { useAlertFeed } from '../alerts/use-alert-feed.ts';
import { useReducedMotion } from '../alerts/use-reduced-motion.ts';
import { Header } from '../app/header.tsx';
import { LinkBanner } from '../app/link-banner.tsx';
import type { SceneProps } from '../app/scene-registry.tsx';
import { markTwinReady } from '../app/twin-ready.ts';
import { toBeacons, toDistrictCounts } from '../city3d/beacons.ts';
import { City3dView } from '../city3d/city3d-view.tsx';
import { toCityModel } from '../city3d/city-model.ts';
import { formatFullDateTime } from '../hotline/hotline-format.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { combineLinks } from '../live/polled-query.ts';
import { formatNumber } from '../panels/format.ts';
import { Panel } from '../panels/panel.tsx';
import { toBucketStart } from '../time/time-cursor.ts';
import { useTimeCursor } from '../time/time-cursor-context.tsx';
import { useReplayQuery } from '../time/use-replay-query.ts';
import { StageCorners } from './stage-corners.tsx';

const legendSeverities: readonly Severity[] = [4, 3, 2, 1];

/**
 * 三维沙盘: the districts as a three.js sand table with their towns, the open alerts as light
 * beams coloured by severity and flows from each district seat; the alerts follow the time
 * cursor (the alert feed live, the alerts open at the cursor in replay). Loaded on demand, so three.js stays out of the other scenes' bundles.
 */
export function City3dScene({
  feed: { districts, link: districtsLink },
  onSceneChange,
}: SceneProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const reducedMotion = useReducedMotion();
  const feed = useAlertFeed();
  const cursor = useTimeCursor();
  // In replay the beacons are the alerts open at the cursor's minute, as in the alert centre.
  const replayAt = cursor.mode === 'replay' ? toBucketStart(cursor.at, 60_000) : null;
  const replayVariables = useMemo(
    () =>
      replayAt === null
        ? null
        : { openAt: new Date(replayAt).toISOString(), first: openAlertsSize },
    [replayAt],
  );
  const replayed = useReplayQuery(alertsAtOperation, replayVariables);
  const alerts = replayAt === null ? feed.alerts : replayed.data;
  const link = combineLinks([...(districts === null ? [districtsLink] : []), toAlertLink(feed)]);

  const model = useMemo(
    () => (districts && districts.length > 0 ? toCityModel(districts) : null),
    [districts],
  );
  const beacons = useMemo(() => (model && alerts ? toBeacons(alerts, model) : []), [model, alerts]);
  const districtCounts = useMemo(() => toDistrictCounts(alerts ?? []), [alerts]);
  const unlocated = (alerts ?? []).filter((alert) => alert.position === null).length;

  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const districtName = useCallback(
    (code: string) => toDistrictName(code, districtNames.get(code) ?? code, language),
    [districtNames, language],
  );
  const handleDrawn = useCallback(() => markTwinReady(), []);

  return (
    <>
      <Header scene="city3d" onSceneChange={onSceneChange} />
      <main className="layout layout--city3d" data-testid="city3d-scene">
        <div className="center center--plain">
          <section className="stage" data-beacons={beacons.length}>
            <City3dView
              model={model}
              beacons={beacons}
              animate={!reducedMotion}
              dataReady={alerts !== null}
              label={t('city3d.canvasLabel')}
              districtName={districtName}
              onDrawn={handleDrawn}
            />
            <div className="stage__toolbar stage__toolbar--end">
              <div className="stage__count" data-testid="city3d-beacon-count">
                <span>{t('city3d.beacons')}</span>
                <b>{alerts === null ? '—' : formatNumber(beacons.length, language)}</b>
                <small>
                  {replayAt === null
                    ? t('city3d.live')
                    : t('city3d.replayAt', {
                        time: formatFullDateTime(new Date(replayAt).toISOString(), language),
                      })}
                  {unlocated > 0 ? ` · ${t('alerts.map.unlocated', { count: unlocated })}` : ''}
                </small>
              </div>
            </div>
            <div className="stage__bottom">
              <div className="severity-legend" data-testid="severity-legend">
                <span>{t('city3d.legend')}</span>
                {legendSeverities.map((severity) => (
                  <span key={severity} className="severity-legend__item">
                    <i style={{ background: toCssColor(toSeverityColor(severity)) }} />
                    {t(toSeverityKey(severity))}
                  </span>
                ))}
              </div>
            </div>
            <StageCorners />
            <LinkBanner link={link} hasData={districts !== null} />
          </section>
        </div>
        <aside className="column column--right">
          <Panel title={t('city3d.summaryTitle')} testId="city3d-severity-panel">
            <SeveritySummary alerts={alerts} />
          </Panel>
          <Panel
            title={t('city3d.districtsTitle')}
            testId="city3d-district-panel"
            className="panel--grow"
          >
            {alerts !== null && districtCounts.length === 0 ? (
              <p className="city3d-districts__empty">{t('city3d.noAlerts')}</p>
            ) : (
              <ol className="city3d-districts">
                {districtCounts.map(({ district, count }) => (
                  <li
                    key={district ?? 'none'}
                    className="city3d-districts__row"
                    data-testid="city3d-district-row"
                    data-code={district ?? ''}
                  >
                    <span>{district === null ? t('city3d.outside') : districtName(district)}</span>
                    <b data-count={count}>{formatNumber(count, language)}</b>
                  </li>
                ))}
              </ol>
            )}
          </Panel>
        </aside>
      </main>
    </>
  );
}
