import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import { toCategoryColor } from './category-colors.ts';
import { formatCount, formatFullDateTime } from './hotline-format.ts';
import type { TicketLocation } from './hotline-types.ts';
import { toLabel } from './labels.ts';

/** The orders of a clicked hexagon, newest first; each opens its trace. */
export function HexagonOrdersView({
  tickets,
  onSelectTicket,
}: {
  tickets: readonly TicketLocation[];
  onSelectTicket: (ticketId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  if (tickets.length === 0) return <p className="panel__empty">{t('hotline.hexagon.none')}</p>;
  return (
    <div className="hexagon-orders" data-testid="hexagon-orders">
      <p className="hexagon-orders__count">
        {t('hotline.hexagon.count', { total: formatCount(tickets.length, language) })}
      </p>
      <ul className="order-list">
        {tickets.map((ticket) => (
          <li key={ticket.id}>
            <button
              type="button"
              className="order-item"
              data-testid="hexagon-ticket"
              onClick={() => onSelectTicket(ticket.id)}
            >
              <span
                className="category-tag"
                style={{ borderColor: toCssColor(toCategoryColor(ticket.category)) }}
              >
                {toLabel(t, 'categories', ticket.category)}
              </span>
              <span className="order-item__id">{ticket.id}</span>
              <span className={`status-badge status-badge--${ticket.status}`}>
                {toLabel(t, 'statuses', ticket.status)}
              </span>
              <time className="order-item__time" dateTime={ticket.createdAt ?? undefined}>
                {formatFullDateTime(ticket.createdAt, language)}
              </time>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
