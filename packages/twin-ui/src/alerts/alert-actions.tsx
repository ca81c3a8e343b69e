import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestGraphQL } from '../graphql/client.ts';
import { type ActionError, toActionError } from './action-error.ts';
import { toAlertMutation, toIncidentMutation } from './alert-operations.ts';
import type { AlertAction, AlertStatus } from './alert-types.ts';
import { canActOnAlerts } from '../session/session-state.ts';
import { useViewer } from '../session/use-session.ts';

type Target = { kind: 'alert' | 'incident'; id: string; status: AlertStatus };

type Submission =
  | { phase: 'idle' }
  | { phase: 'sending'; action: AlertAction }
  | { phase: 'failed'; action: AlertAction; error: ActionError };

/** Whether an action applies to a status (the server has the last word). */
function isAvailable(action: AlertAction, status: AlertStatus): boolean {
  switch (action) {
    case 'acknowledge':
      return status === 'open';
    case 'resolve':
    case 'assign':
      return status !== 'resolved';
    case 'reopen':
      return status === 'resolved';
    default: {
      const unknownAction: never = action;
      return unknownAction;
    }
  }
}

const buttons: readonly AlertAction[] = ['acknowledge', 'resolve', 'reopen'];

/**
 * 处置操作: acknowledge, resolve, reopen or assign an alert or incident with a note, as the
 * signed-in operator (the log records their name). Shown only to operators and admins; a
 * refusal from the API shows under the buttons.
 */
export function AlertActions({ target, onDone }: { target: Target; onDone: () => void }) {
  const viewer = useViewer();
  return canActOnAlerts(viewer) ? <ActionForm target={target} onDone={onDone} /> : null;
}

function ActionForm({ target, onDone }: { target: Target; onDone: () => void }) {
  const { t } = useTranslation();
  const fieldId = useId();
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [submission, setSubmission] = useState<Submission>({ phase: 'idle' });
  const sending = submission.phase === 'sending';

  const run = async (action: AlertAction): Promise<void> => {
    if (sending) return;
    setSubmission({ phase: 'sending', action });
    const variables = {
      id: target.id,
      note: note.trim() === '' ? null : note.trim(),
      ...(action === 'assign' ? { assignee: assignee.trim() === '' ? null : assignee.trim() } : {}),
    };
    try {
      const options = { variables };
      if (target.kind === 'alert') await requestGraphQL(toAlertMutation(action), options);
      else await requestGraphQL(toIncidentMutation(action), options);
      setNote('');
      if (action === 'assign') setAssignee('');
      setSubmission({ phase: 'idle' });
      onDone();
    } catch (error) {
      setSubmission({
        phase: 'failed',
        action,
        error: toActionError(error, action, target.kind, t),
      });
    }
  };

  const handleAssign = (event: FormEvent) => {
    event.preventDefault();
    void run('assign');
  };

  return (
    <section className="alert-actions" data-testid="alert-actions">
      <h3 className="trace__section">{t('alerts.actions.title')}</h3>
      <label className="alert-actions__field" htmlFor={`${fieldId}-note`}>
        <span>{t('alerts.actions.note')}</span>
        <textarea
          id={`${fieldId}-note`}
          rows={2}
          value={note}
          maxLength={500}
          placeholder={t('alerts.actions.notePlaceholder')}
          data-testid="action-note"
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
      <div className="alert-actions__buttons">
        {buttons.map((action) => (
          <button
            key={action}
            type="button"
            className={`button alert-actions__button alert-actions__button--${action}`}
            disabled={sending || !isAvailable(action, target.status)}
            data-testid={`action-${action}`}
            onClick={() => void run(action)}
          >
            {submission.phase === 'sending' && submission.action === action
              ? t('alerts.actions.working')
              : t(`alerts.actions.${action}`)}
          </button>
        ))}
      </div>
      <form className="alert-actions__assign" onSubmit={handleAssign}>
        <label className="alert-actions__field" htmlFor={`${fieldId}-assignee`}>
          <span>{t('alerts.actions.assignee')}</span>
          <input
            id={`${fieldId}-assignee`}
            type="text"
            value={assignee}
            maxLength={32}
            placeholder={t('alerts.actions.assigneePlaceholder')}
            data-testid="action-assignee"
            onChange={(event) => setAssignee(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="button alert-actions__button alert-actions__button--assign"
          disabled={sending || assignee.trim() === '' || !isAvailable('assign', target.status)}
          data-testid="action-assign"
        >
          {submission.phase === 'sending' && submission.action === 'assign'
            ? t('alerts.actions.working')
            : t('alerts.actions.assign')}
        </button>
      </form>
      {submission.phase === 'failed' ? (
        <p
          className="alert-actions__error"
          role="alert"
          data-testid="action-error"
          title={submission.error.detail ?? undefined}
        >
          {submission.error.message}
        </p>
      ) : null}
    </section>
  );
}
