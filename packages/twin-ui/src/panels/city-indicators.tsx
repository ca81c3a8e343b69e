import { useTranslation } from 'react-i18next';
import { useHotlineKpis } from '../hotline/use-hotline-at-cursor.ts';
import { useChinaToday } from '../hotline/use-china-today.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';
import type { LinkState } from '../live/city-feed.ts';
import { deviceSummaryOperation } from '../iot/iot-operations.ts';
import { useCursorQuery } from '../time/use-cursor-query.ts';
import { videoOverviewOperation } from '../video/video-operations.ts';
import { formatCount, formatRate, toCountParts } from './count-format.ts';
import { Panel } from './panel.tsx';

/** How often each stream's figures are read. */
export const deviceFiguresMs = 15_000;
export const cameraFiguresMs = 15_000;
export const hotlineFiguresMs = 30_000;

const deviceVariables = { attentionFirst: 0 };
const cameraVariables = { first: 1 };
const devicesAt = { stepMs: 60_000, at: (at: string) => ({ ...deviceVariables, at }) };
const camerasAt = { stepMs: 60_000, at: (at: string) => ({ ...cameraVariables, at }) };

function Figure({
  name,
  label,
  value,
  tone,
}: {
  name: string;
  label: string;
  /** The figure and its unit word; null: no data yet. */
  value: { figure: string; unit: string; raw: number | null } | null;
  tone?: 'alert' | 'warn' | 'good';
}) {
  return (
    <div
      className={tone ? `kpi-figure kpi-figure--${tone}` : 'kpi-figure'}
      data-testid={`kpi-${name}`}
      data-value={value?.raw ?? undefined}
    >
      <span className="kpi-figure__label">{label}</span>
      <b className="kpi-figure__value">
        {value === null ? '—' : value.figure}
        {value?.unit ? <small className="kpi-figure__unit">{value.unit}</small> : null}
      </b>
    </div>
  );
}

function count(value: number, language: Language) {
  return { ...toCountParts(value, language), raw: value };
}

function rate(value: number | null, language: Language) {
  return { figure: formatRate(value, language), unit: '', raw: value };
}

/**
 * The overview's key indicators of the three streams: IoT devices (in alert, silent), the
 * camera network's online rate, and today's 12345 figures. Each panel marks itself stale
 * when its figures are late.
 */
export function CityIndicators() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const today = useChinaToday();
  // Live, or in replay the figures at the time cursor's minute.
  const devices = useCursorQuery(
    deviceSummaryOperation,
    deviceVariables,
    deviceFiguresMs,
    devicesAt,
  );
  const cameras = useCursorQuery(
    videoOverviewOperation,
    cameraVariables,
    cameraFiguresMs,
    camerasAt,
  );
  const hotline = useHotlineKpis(today, hotlineFiguresMs);
  // Replayed figures do not age: no stale marks while a replay is paused.
  const refresh = (ms: number) => (devices.replayAt === null ? ms : undefined);

  const byState = (key: string): number =>
    devices.data?.byState.find((item) => item.key === key)?.count ?? 0;
  const camera = cameras.data?.summary ?? null;
  const orders = hotline.data?.today ?? null;
  const updatedAt = (link: LinkState): number | null =>
    link.phase === 'connecting' ? null : link.updatedAt;

  return (
    <div className="city-indicators" data-testid="city-indicators">
      <Panel
        title={t('overview.iot.title')}
        testId="indicators-iot"
        dataAt={updatedAt(devices.link)}
        refreshMs={refresh(deviceFiguresMs)}
      >
        <div className="kpi-figures">
          <Figure
            name="devices"
            label={t('overview.iot.devices')}
            value={devices.data ? count(devices.data.total, language) : null}
          />
          <Figure
            name="devices-alert"
            label={t('overview.iot.alert')}
            value={devices.data ? count(byState('alert'), language) : null}
            tone="alert"
          />
          <Figure
            name="devices-silent"
            label={t('overview.iot.silent')}
            value={devices.data ? count(byState('silent'), language) : null}
            tone="warn"
          />
        </div>
      </Panel>
      <Panel
        title={t('overview.video.title')}
        testId="indicators-video"
        dataAt={updatedAt(cameras.link)}
        refreshMs={refresh(cameraFiguresMs)}
      >
        <div className="kpi-figures">
          <Figure
            name="camera-online-rate"
            label={t('overview.video.onlineRate')}
            value={camera ? rate(camera.onlineRate, language) : null}
            tone="good"
          />
          <Figure
            name="cameras-online"
            label={t('overview.video.online')}
            value={
              camera
                ? {
                    figure: formatCount(camera.online, language),
                    unit: `/${formatCount(camera.total, language)}`,
                    raw: camera.online,
                  }
                : null
            }
          />
        </div>
      </Panel>
      <Panel
        title={t('overview.hotline.title')}
        testId="indicators-hotline"
        dataAt={updatedAt(hotline.link)}
        refreshMs={refresh(hotlineFiguresMs)}
      >
        <div className="kpi-figures">
          <Figure
            name="orders-today"
            label={t('overview.hotline.accepted')}
            value={orders ? count(orders.accepted, language) : null}
          />
          <Figure
            name="completion-rate"
            label={t('overview.hotline.completionRate')}
            value={orders ? rate(orders.completionRate, language) : null}
            tone="good"
          />
          <Figure
            name="satisfaction-rate"
            label={t('overview.hotline.satisfactionRate')}
            value={orders ? rate(orders.satisfactionRate, language) : null}
            tone="good"
          />
          <Figure
            name="overdue"
            label={t('overview.hotline.overdue')}
            value={orders ? count(orders.overdueOpen, language) : null}
            tone="alert"
          />
        </div>
      </Panel>
    </div>
  );
}
