import { lazy, Suspense, useCallback } from 'react';
import { useCityFeed } from '../live/use-city-feed.ts';
import { AlertScene } from '../scenes/alert-scene.tsx';
import { CockpitScene } from '../scenes/cockpit-scene.tsx';
import { HotlineScene } from '../scenes/hotline-scene.tsx';
import { IotScene } from '../scenes/iot-scene.tsx';
import { OverviewScene } from '../scenes/overview-scene.tsx';
import { VideoScene } from '../scenes/video-scene.tsx';
import { AccessNotice } from '../session/access-notice.tsx';
import { LoginPage } from '../session/login-page.tsx';
import { useSession } from '../session/use-session.ts';
import { TimeCursorProvider } from '../time/time-cursor-context.tsx';
import { WallShell } from '../wall/wall-shell.tsx';
import { Header } from './header.tsx';
import { type Scene, type ScreenLocation, useScreenLocation } from './screen-location.ts';

// The 3D city brings three.js: loaded only when its scene is shown.
const City3dScene = lazy(() =>
  import('../scenes/city3d-scene.tsx').then((module) => ({ default: module.City3dScene })),
);

/**
 * The command centre: the login page until someone signs in (a wall screen signs in with the
 * token in its URL), a styled notice while a token is checked or after a screen's token was
 * refused, then the scenes.
 */
export function App() {
  const session = useSession();
  switch (session.phase) {
    case 'signedOut':
      return <LoginPage notice={session.notice} />;
    case 'checking':
      return <AccessNotice kind={session.unreachable ? 'unreachable' : 'checking'} />;
    case 'screenRefused':
      return <AccessNotice kind="screenRefused" />;
    case 'signedIn':
      return (
        <TimeCursorProvider>
          <WallShell isWallScreen={session.viewer.screen !== null}>
            <CityScreen />
          </WallShell>
        </TimeCursorProvider>
      );
    default: {
      const unknownSession: never = session;
      return unknownSession;
    }
  }
}

/** The command-centre screen: the header and the scene the URL names (the overview by default). */
function CityScreen() {
  const [location, navigate] = useScreenLocation();
  const { scene } = location;
  // The districts are every scene's map; the air-quality snapshot only the overview's.
  const feed = useCityFeed({ pollSnapshot: scene === 'overview' });
  const handleSceneChange = useCallback(
    (next: Scene) => navigate({ ...location, scene: next }),
    [location, navigate],
  );
  const handleLocationChange = useCallback((next: ScreenLocation) => navigate(next), [navigate]);

  switch (scene) {
    case 'overview':
      return (
        <div className="screen">
          <Header link={feed.link} scene={scene} onSceneChange={handleSceneChange} />
          <OverviewScene feed={feed} onOpenAlerts={() => handleSceneChange('alerts')} />
        </div>
      );
    case 'hotline':
      return (
        <div className="screen">
          <HotlineScene
            districts={feed.districts}
            districtsLink={feed.link}
            location={location}
            onLocationChange={handleLocationChange}
            onSceneChange={handleSceneChange}
          />
        </div>
      );
    case 'alerts':
      return (
        <div className="screen">
          <AlertScene
            districts={feed.districts}
            districtsLink={feed.link}
            onSceneChange={handleSceneChange}
          />
        </div>
      );
    case 'iot':
      return (
        <div className="screen">
          <IotScene
            districts={feed.districts}
            districtsLink={feed.link}
            onSceneChange={handleSceneChange}
          />
        </div>
      );
    case 'video':
      return (
        <div className="screen">
          <VideoScene
            districts={feed.districts}
            districtsLink={feed.link}
            onSceneChange={handleSceneChange}
          />
        </div>
      );
    case 'city3d':
      return (
        <div className="screen">
          <Suspense
            fallback={<Header link={feed.link} scene={scene} onSceneChange={handleSceneChange} />}
          >
            <City3dScene
              districts={feed.districts}
              districtsLink={feed.link}
              onSceneChange={handleSceneChange}
            />
          </Suspense>
        </div>
      );
    case 'cockpit':
      return (
        <div className="screen screen--cockpit">
          <CockpitScene
            districts={feed.districts}
            districtsLink={feed.link}
            onSceneChange={handleSceneChange}
          />
        </div>
      );
    default: {
      const unknownScene: never = scene;
      return unknownScene;
    }
  }
}
