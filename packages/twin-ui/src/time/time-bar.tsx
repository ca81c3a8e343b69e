import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import { replaySpeeds, type TimeWindow, toPresetWindow, windowPresets } from './time-cursor.ts';
import { useTimeControls, useTimeCursor } from './time-cursor-context.tsx';
import { formatCursorTime, parseChinaInputValue, toChinaInputValue } from './time-format.ts';

const minuteMs = 60_000;

/**
 * The time bar of the wall scenes: 实时 / 回放, and in replay the window presets (or a custom
 * window), play/pause, the speed and the slider with the cursor's time.
 */
export function TimeBar() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const cursor = useTimeCursor();
  const controls = useTimeControls();
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);

  const replayPreset = (window: TimeWindow) => {
    setCustom(null);
    controls.replay(window);
  };
  const openCustom = () => {
    const window = cursor.window ?? toPresetWindow('last24h', Date.now());
    setCustom({ from: toChinaInputValue(window.from), to: toChinaInputValue(window.to) });
  };
  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    if (!custom) return;
    const from = parseChinaInputValue(custom.from);
    const to = parseChinaInputValue(custom.to);
    if (from !== null && to !== null && to > from) replayPreset({ from, to });
  };

  return (
    <div
      className={`time-bar time-bar--${cursor.mode}`}
      role="group"
      aria-label={t('time.label')}
      data-testid="time-bar"
      data-mode={cursor.mode}
    >
      <div className="time-bar__modes">
        <button
          type="button"
          aria-pressed={cursor.mode === 'live'}
          data-testid="time-live"
          onClick={controls.goLive}
        >
          <i className="time-bar__dot" aria-hidden="true" />
          {t('time.live')}
        </button>
        <button
          type="button"
          aria-pressed={cursor.mode === 'replay'}
          data-testid="time-replay"
          onClick={() => {
            if (cursor.mode === 'live') replayPreset(toPresetWindow('lastNight', Date.now()));
          }}
        >
          {t('time.replay')}
        </button>
      </div>
      {cursor.mode === 'replay' ? (
        <>
          <div className="time-bar__presets">
            {windowPresets.map((preset) => (
              <button
                key={preset}
                type="button"
                data-testid={`time-preset-${preset}`}
                onClick={() => replayPreset(toPresetWindow(preset, Date.now()))}
              >
                {t(`time.presets.${preset}`)}
              </button>
            ))}
            <button
              type="button"
              aria-pressed={custom !== null}
              data-testid="time-preset-custom"
              onClick={custom ? () => setCustom(null) : openCustom}
            >
              {t('time.presets.custom')}
            </button>
          </div>
          {custom ? (
            <form className="time-bar__custom" onSubmit={applyCustom}>
              <label>
                {t('time.from')}
                <input
                  type="datetime-local"
                  value={custom.from}
                  onChange={(event) => setCustom({ ...custom, from: event.target.value })}
                />
              </label>
              <label>
                {t('time.to')}
                <input
                  type="datetime-local"
                  value={custom.to}
                  onChange={(event) => setCustom({ ...custom, to: event.target.value })}
                />
              </label>
              <button type="submit">{t('time.apply')}</button>
            </form>
          ) : null}
          <button
            type="button"
            className="time-bar__play"
            data-testid="time-play"
            onClick={cursor.playing ? controls.pause : controls.play}
          >
            {cursor.playing ? t('time.pause') : t('time.play')}
          </button>
          <div className="time-bar__speeds" role="group" aria-label={t('time.speed')}>
            {replaySpeeds.map((speed) => (
              <button
                key={speed}
                type="button"
                aria-pressed={cursor.speed === speed}
                data-testid={`time-speed-${speed}`}
                onClick={() => controls.setSpeed(speed)}
              >
                {speed}×
              </button>
            ))}
          </div>
          <input
            className="time-bar__slider"
            type="range"
            aria-label={t('time.slider')}
            data-testid="time-slider"
            min={cursor.window.from}
            max={cursor.window.to}
            step={minuteMs}
            value={cursor.at}
            onChange={(event) => controls.seek(Number(event.target.value))}
          />
          <output
            className="time-bar__at"
            aria-label={t('time.cursor')}
            data-testid="time-cursor-at"
            data-at={new Date(cursor.at).toISOString()}
          >
            {formatCursorTime(cursor.at, language)}
          </output>
        </>
      ) : null}
    </div>
  );
}
