import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { i18n } from 'i18next';

type Props = { i18n: i18n; children: ReactNode };
type State = { failedAt: number | null };

/** How long the fallback shows before the screen tries to render again. */
const retryAfterMs = 10_000;

/**
 * A wall screen never shows a stack trace: on a render error it shows a styled notice and
 * retries by itself. (React error boundaries still have to be classes.)
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failedAt: null };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  static getDerivedStateFromError(): State {
    return { failedAt: Date.now() };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('City Twin UI render error', error, info.componentStack);
    this.clearRetry();
    this.retryTimer = setTimeout(() => this.setState({ failedAt: null }), retryAfterMs);
  }

  override componentWillUnmount(): void {
    this.clearRetry();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  override render(): ReactNode {
    if (this.state.failedAt === null) return this.props.children;
    const { t } = this.props.i18n;
    return (
      <div className="fatal" role="alert">
        <div className="fatal__title">{t('error.title')}</div>
        <div className="fatal__detail">{t('error.detail')}</div>
      </div>
    );
  }
}
