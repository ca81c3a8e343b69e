import { useTranslation } from 'react-i18next';
import { signOut } from './session-store.ts';
import { useSession } from './use-session.ts';

/**
 * Who is signed in, in the header: the person's name and role with 退出登录, or the wall
 * screen's name (a screen has no one to sign out).
 */
export function SessionBadge() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.phase !== 'signedIn') return null;
  const { viewer, credential } = session;
  const name =
    viewer.role === 'screen' ? (viewer.screen ?? viewer.displayName) : viewer.displayName;
  return (
    <div className="session-badge" data-testid="session-badge" data-role={viewer.role}>
      <span className="session-badge__role">{t(`session.roles.${viewer.role}`)}</span>
      <span className="session-badge__name" data-testid="session-user" title={viewer.username}>
        {name}
      </span>
      {credential.kind === 'person' ? (
        <button
          type="button"
          className="session-badge__sign-out"
          data-testid="sign-out"
          onClick={signOut}
        >
          {t('session.signOut')}
        </button>
      ) : null}
    </div>
  );
}
