import { useTranslation } from 'react-i18next';
import { LanguageToggle } from '../app/language-toggle.tsx';
import { refusedRetryMs, unreachableRetryMs } from './session-store.ts';

/** What the full-screen notice says: a token being checked, no gateway, or a refused screen. */
export type AccessNoticeKind = 'checking' | 'unreachable' | 'screenRefused';

/**
 * The whole screen while there is no session to show scenes with, in the command-centre style:
 * never a blank page. A refused wall-screen token (屏幕授权已失效) is tried again by itself,
 * so a restored token or a restarted gateway brings the screen back unattended.
 */
export function AccessNotice({ kind }: { kind: AccessNoticeKind }) {
  const { t } = useTranslation();
  const retrySeconds = (kind === 'screenRefused' ? refusedRetryMs : unreachableRetryMs) / 1_000;
  return (
    <div
      className={`access-notice access-notice--${kind}`}
      data-testid="access-notice"
      data-kind={kind}
    >
      <div className="access-notice__corner">
        <LanguageToggle />
      </div>
      <div className="access-notice__card" role={kind === 'checking' ? 'status' : 'alert'}>
        <div className="access-notice__sign" aria-hidden="true">
          {kind === 'checking' ? '' : '!'}
        </div>
        <h1 className="access-notice__title" data-testid="access-notice-title">
          {t(`session.notice.${kind}.title`)}
        </h1>
        <p className="access-notice__detail" data-testid="access-notice-detail">
          {t(`session.notice.${kind}.detail`)}
        </p>
        {kind === 'checking' ? null : (
          <p className="access-notice__retry">
            {t('session.notice.retry', { seconds: retrySeconds })}
          </p>
        )}
        <p className="access-notice__app">{t('app.title')}</p>
      </div>
    </div>
  );
}
