import { Suspense, useCallback } from 'react';
import { useCityFeed } from '../live/use-city-feed.ts';
import { AccessNotice } from '../session/access-notice.tsx';
import { LoginPage } from '../session/login-page.tsx';
import { useSession } from '../session/use-session.ts';
import { TimeCursorProvider } from '../time/time-cursor-context.tsx';
import { WallShell } from '../wall/wall-shell.tsx';
import { SceneLoading } from './scene-loading.tsx';
import { preloadScene, sceneComponents } from './scene-registry.tsx';
import {
  parseScreenLocation,
  type Scene,
  type ScreenLocation,
  useScreenLocation,
} from './screen-location.ts';

// The scene the URL names is fetched while the session is checked, not after.
preloadScene(parseScreenLocation(window.location.search).scene);

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

/** The command-centre screen: the scene the URL names (the overview by default). */
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
  const SceneView = sceneComponents[scene];

  return (
    <div className={scene === 'cockpit' ? 'screen screen--cockpit' : 'screen'}>
      <Suspense fallback={<SceneLoading scene={scene} onSceneChange={handleSceneChange} />}>
        <SceneView
          feed={feed}
          location={location}
          onLocationChange={handleLocationChange}
          onSceneChange={handleSceneChange}
        />
      </Suspense>
    </div>
  );
}
