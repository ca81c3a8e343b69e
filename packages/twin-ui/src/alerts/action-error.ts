import type { TFunction } from 'i18next';
import { GraphQLRequestError } from '../graphql/graphql-error.ts';
import type { AlertAction } from './alert-types.ts';

/** What went wrong with an action, as the form shows it: a sentence and the server's words. */
export type ActionError = { message: string; detail: string | null };

/**
 * An action's failure in the operator's language. A BAD_USER_INPUT is the server refusing a
 * change that no longer applies (someone else handled it first): "该告警已处理", or for a
 * reopen "not resolved"; the server's own message goes along as the detail.
 */
export function toActionError(
  error: unknown,
  action: AlertAction,
  target: 'alert' | 'incident',
  t: TFunction,
): ActionError {
  if (!(error instanceof GraphQLRequestError))
    return { message: t('alerts.errors.failed'), detail: null };
  if (error.code === 'TWIN_GATEWAY_UNREACHABLE') {
    return { message: t('alerts.errors.unreachable'), detail: null };
  }
  const first = error.errors[0];
  const detail = first?.message ?? null;
  switch (first?.code) {
    case 'BAD_USER_INPUT':
      if (action === 'reopen') {
        return {
          message:
            target === 'alert'
              ? t('alerts.errors.notResolved')
              : t('alerts.errors.incidentNotResolved'),
          detail,
        };
      }
      return {
        message:
          target === 'alert'
            ? t('alerts.errors.alreadyHandled')
            : t('alerts.errors.incidentAlreadyHandled'),
        detail,
      };
    case 'NOT_FOUND':
      return { message: t('alerts.errors.notFound'), detail };
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
      return { message: t('alerts.errors.forbidden'), detail };
    default:
      return { message: t('alerts.errors.failed'), detail };
  }
}
