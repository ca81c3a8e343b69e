import { useTranslation } from 'react-i18next';
import { StageCorners } from '../scenes/stage-corners.tsx';
import { Header } from './header.tsx';
import type { Scene } from './screen-location.ts';
import './scene-loading.css';

/** While a scene's code loads: the header and an empty, framed stage naming the scene. */
export function SceneLoading({
  scene,
  onSceneChange,
}: {
  scene: Scene;
  onSceneChange: (scene: Scene) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Header scene={scene} onSceneChange={onSceneChange} />
      <main className="scene-loading" data-testid="scene-loading" aria-busy="true">
        <section className="scene-loading__stage">
          <p className="scene-loading__text" role="status">
            {t('scene.loading', { scene: t(`scene.${scene}`) })}
          </p>
          <StageCorners />
        </section>
      </main>
    </>
  );
}
