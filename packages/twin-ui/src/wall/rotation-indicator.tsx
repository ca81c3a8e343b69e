import { useTranslation } from 'react-i18next';
import type { Scene } from '../app/screen-location.ts';
import type { RotationState } from './use-rotation.ts';

/** 轮播 rotation: a small badge saying whether the playlist runs and which scene is next. */
export function RotationIndicator({ state }: { state: RotationState<Scene> }) {
  const { t } = useTranslation();
  if (state.phase === 'off') return null;
  return (
    <div
      className={`rotation-indicator rotation-indicator--${state.phase}`}
      role="status"
      data-testid="rotation-indicator"
      data-phase={state.phase}
      data-next={state.next}
    >
      <span className="rotation-indicator__dot" aria-hidden="true" />
      <span className="rotation-indicator__phase">
        {state.phase === 'rotating' ? t('wall.rotating') : t('wall.paused')}
      </span>
      <span className="rotation-indicator__next">
        {t('wall.next', { scene: t(`scene.${state.next}`) })}
      </span>
    </div>
  );
}
