import { useCallback } from 'react';
import { useCityFeed } from '../live/use-city-feed.ts';
import { AlertScene } from '../scenes/alert-scene.tsx';
import { HotlineScene } from '../scenes/hotline-scene.tsx';
import { OverviewScene } from '../scenes/overview-scene.tsx';
import { Header } from './header.tsx';
import { type Scene, type ScreenLocation, useScreenLocation } from './screen-location.ts';

/** The command-centre screen: the header and the scene the URL names (the overview by default). */
export function App() {
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
          <OverviewScene feed={feed} />
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
    default: {
      const unknownScene: never = scene;
      return unknownScene;
    }
  }
}
