import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n.ts';
import type { Language } from '../i18n/languages.ts';
import { useAppLink } from '../live/app-link.ts';
import { formatDateTime } from '../panels/format.ts';
import { SessionBadge } from '../session/session-badge.tsx';
import { useViewer } from '../session/use-session.ts';
import { LanguageToggle } from './language-toggle.tsx';
import { type Scene, scenes } from './screen-location.ts';

/** Title bar: clock, scene switcher, title, the screen's link status, who is signed in and the language toggle. */
export function Header({
  scene,
  onSceneChange,
}: {
  scene: Scene;
  onSceneChange: (scene: Scene) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  // The cockpit is a page for people; a wall screen's switcher leaves it out.
  const isWallScreen = (useViewer()?.screen ?? null) !== null;
  const shownScenes = isWallScreen ? scenes.filter((item) => item !== 'cockpit') : scenes;
  return (
    <header className="header">
      <div className="header__side header__side--left">
        <Clock language={language} label={t('header.clockLabel')} />
        <nav className="scene-switch" aria-label={t('scene.label')} data-testid="scene-switch">
          {shownScenes.map((item) => (
            <button
              key={item}
              type="button"
              className={item === scene ? 'scene-switch__tab is-active' : 'scene-switch__tab'}
              aria-current={item === scene ? 'page' : undefined}
              data-scene={item}
              onClick={() => onSceneChange(item)}
            >
              {t(`scene.${item}`)}
            </button>
          ))}
        </nav>
      </div>
      <div className="header__center">
        <h1 className="header__title" data-testid="app-title">
          {t('app.title')}
        </h1>
        <p className="header__subtitle">{t('app.subtitle')}</p>
      </div>
      <div className="header__side header__side--right">
        <LinkStatus />
        <SessionBadge />
        <LanguageToggle />
      </div>
    </header>
  );
}

/** Wall clock; only this element re-renders each second. */
function Clock({ language, label }: { language: Language; label: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="clock">
      <span className="clock__label">{label}</span>
      <time className="clock__time" dateTime={new Date(now).toISOString()}>
        {formatDateTime(now, language)}
      </time>
    </div>
  );
}

/** The screen-wide link (the state behind the reconnecting banners), not one scene's. */
function LinkStatus() {
  const { t } = useTranslation();
  const link = useAppLink();
  switch (link.phase) {
    case 'connecting':
      return <span className="link-status link-status--connecting">{t('link.connecting')}</span>;
    case 'live':
      return <span className="link-status link-status--live">{t('link.live')}</span>;
    case 'reconnecting':
      return (
        <span className="link-status link-status--reconnecting">{t('link.reconnecting')}</span>
      );
    default: {
      const unknownLink: never = link;
      return unknownLink;
    }
  }
}
