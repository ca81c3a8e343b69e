import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A panel sliding over the right of the map for a drill-down: a ticket's trace, a unit's score
 * breakdown, a hexagon's orders. Back returns to the previous view; Escape closes.
 */
export function DetailDrawer({
  title,
  canGoBack,
  onBack,
  onClose,
  children,
}: {
  title: string;
  canGoBack: boolean;
  onBack: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    const handleKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', handleKey);
    return () => window.removeEventListener('keydown', handleKey);
  }, [onClose]);

  return (
    <aside className="drawer" role="dialog" aria-label={title} data-testid="detail-drawer">
      <header className="drawer__head">
        {canGoBack ? (
          <button
            type="button"
            className="drawer__button"
            onClick={onBack}
            aria-label={t('hotline.drawer.back')}
            title={t('hotline.drawer.back')}
            data-testid="drawer-back"
          >
            ‹
          </button>
        ) : null}
        <h2 className="drawer__title">{title}</h2>
        <button
          type="button"
          className="drawer__button"
          onClick={onClose}
          aria-label={t('hotline.drawer.close')}
          title={t('hotline.drawer.close')}
          data-testid="drawer-close"
        >
          ×
        </button>
      </header>
      <div className="drawer__body scroll-y">{children}</div>
    </aside>
  );
}
