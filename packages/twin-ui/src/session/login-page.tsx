import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageToggle } from '../app/language-toggle.tsx';
import { type LoginError, signIn } from './session-store.ts';

type Attempt =
  { phase: 'idle' } | { phase: 'sending' } | { phase: 'failed'; error: LoginError | 'missing' };

/**
 * 登录: the page leaders and operators sign in on. The fields are read from the form when it
 * is sent (not from state), so what was typed is what is sent however fast it was typed.
 */
export function LoginPage({ notice }: { notice: 'expired' | null }) {
  const { t } = useTranslation();
  const fieldId = useId();
  const [attempt, setAttempt] = useState<Attempt>({ phase: 'idle' });
  const sending = attempt.phase === 'sending';

  const handleSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (sending) return;
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (username === '' || password === '') {
      setAttempt({ phase: 'failed', error: 'missing' });
      return;
    }
    setAttempt({ phase: 'sending' });
    const error = await signIn(username, password);
    // On success the app replaces this page; only a failure is left to show.
    if (error !== null) setAttempt({ phase: 'failed', error });
  };

  return (
    <div className="login" data-testid="login-page">
      <div className="login__corner">
        <LanguageToggle />
      </div>
      <form
        className="login__card"
        data-testid="login-form"
        noValidate
        onSubmit={(event) => void handleSubmit(event)}
      >
        <h1 className="login__title" data-testid="app-title">
          {t('app.title')}
        </h1>
        <p className="login__subtitle">{t('session.login.subtitle')}</p>
        {notice === 'expired' && attempt.phase === 'idle' ? (
          <p className="login__notice" role="status" data-testid="login-notice">
            {t('session.login.expired')}
          </p>
        ) : null}
        <label className="login__field" htmlFor={`${fieldId}-username`}>
          <span>{t('session.login.username')}</span>
          <input
            id={`${fieldId}-username`}
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            placeholder={t('session.login.usernamePlaceholder')}
            data-testid="login-username"
          />
        </label>
        <label className="login__field" htmlFor={`${fieldId}-password`}>
          <span>{t('session.login.password')}</span>
          <input
            id={`${fieldId}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={256}
            placeholder={t('session.login.passwordPlaceholder')}
            data-testid="login-password"
          />
        </label>
        <button
          type="submit"
          className="button login__submit"
          disabled={sending}
          data-testid="login-submit"
        >
          {sending ? t('session.login.sending') : t('session.login.submit')}
        </button>
        {attempt.phase === 'failed' ? (
          <p
            className="login__error"
            role="alert"
            data-testid="login-error"
            data-error={attempt.error}
          >
            {t(`session.login.errors.${attempt.error}`)}
          </p>
        ) : null}
      </form>
    </div>
  );
}
