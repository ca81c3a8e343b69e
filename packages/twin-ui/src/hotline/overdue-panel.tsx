import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toCssColor } from '../air-quality/aqi-band.ts';
import type { District } from '../graphql/types.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { toCategoryColor } from './category-colors.ts';
import { formatOverdue } from './hotline-format.ts';
import { overdueListSize } from './hotline-operations.ts';
import type { OverdueTicket } from './hotline-types.ts';
import { toLabel } from './labels.ts';
import { QueryPlaceholder, StaleMark } from './query-state.tsx';

/** 超期工单: open orders past their completion deadline, the longest overdue first. */
export function OverduePanel({
  overdue,
  districts,
  onSelectTicket,
}: {
  overdue: PolledQuery<OverdueTicket[]>;
  districts: readonly District[] | null;
  onSelectTicket: (ticketId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const tickets = useMemo(
    () =>
      [...(overdue.data ?? [])].sort(
        (a, b) => (b.overdueSeconds ?? 0) - (a.overdueSeconds ?? 0) || a.id.localeCompare(b.id),
      ),
    [overdue.data],
  );
  return (
    <Panel
      title={t('hotline.overdue.title')}
      testId="overdue-tickets"
      className="panel--grow"
      aside={<StaleMark query={overdue} />}
    >
      {overdue.data === null ? (
        <QueryPlaceholder query={overdue} />
      ) : tickets.length === 0 ? (
        <p className="panel__empty panel__empty--good">{t('hotline.overdue.none')}</p>
      ) : (
        <ul className="overdue-list scroll-y" data-testid="overdue-list">
          {tickets.map((ticket) => (
            <li key={ticket.id} data-testid="overdue-ticket" data-ticket-id={ticket.id}>
              <button
                type="button"
                className="overdue-item"
                onClick={() => onSelectTicket(ticket.id)}
              >
                <span className="overdue-item__top">
                  <span
                    className="category-tag"
                    style={{ borderColor: toCssColor(toCategoryColor(ticket.category)) }}
                  >
                    {toLabel(t, 'categories', ticket.category)}
                  </span>
                  <span className="overdue-item__unit">
                    {ticket.unit?.name ?? t('hotline.overdue.noUnit')}
                  </span>
                  <span className="overdue-item__late" data-testid="overdue-duration">
                    {t('hotline.overdue.overdueBy', {
                      duration: formatOverdue(ticket.overdueSeconds ?? 0, t),
                    })}
                  </span>
                </span>
                <span className="overdue-item__bottom">
                  <span className="overdue-item__id">{ticket.id}</span>
                  {ticket.district ? (
                    <span className="overdue-item__district">
                      {toDistrictName(
                        ticket.district,
                        districtNames.get(ticket.district) ?? ticket.district,
                        language,
                      )}
                    </span>
                  ) : null}
                  <span className="overdue-item__summary">{ticket.summary}</span>
                </span>
              </button>
            </li>
          ))}
          {tickets.length >= overdueListSize ? (
            <li className="overdue-list__note">
              {t('hotline.overdue.firstOnly', { count: overdueListSize })}
            </li>
          ) : null}
        </ul>
      )}
    </Panel>
  );
}
