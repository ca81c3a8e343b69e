import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DateRange, isLocalDate } from '../hotline/period.ts';
import type { Comparison } from './cockpit-location.ts';

/** What the period is compared with: the previous period of the same length, or chosen days. */
export function ComparePicker({
  compare,
  compareRange,
  today,
  onChange,
}: {
  compare: Comparison;
  /** The days compared with now. */
  compareRange: DateRange;
  today: string;
  onChange: (compare: Comparison) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(compareRange.from);
  const [to, setTo] = useState(compareRange.to);
  const valid = isLocalDate(from) && isLocalDate(to) && from <= to;
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    setEditing(false);
    onChange({ kind: 'custom', from, to });
  };
  return (
    <div className="period-picker" data-testid="compare-picker">
      <span className="period-picker__label">{t('cockpit.compare.label')}</span>
      <div className="segmented" role="group" aria-label={t('cockpit.compare.label')}>
        <button
          type="button"
          className={compare.kind === 'previous' ? 'segmented__item is-active' : 'segmented__item'}
          aria-pressed={compare.kind === 'previous'}
          data-compare="previous"
          onClick={() => {
            setEditing(false);
            onChange({ kind: 'previous' });
          }}
        >
          {t('cockpit.compare.previous')}
        </button>
        <button
          type="button"
          className={
            compare.kind === 'custom' || editing ? 'segmented__item is-active' : 'segmented__item'
          }
          aria-pressed={compare.kind === 'custom'}
          aria-expanded={editing}
          data-compare="custom"
          onClick={() => {
            setFrom(compareRange.from);
            setTo(compareRange.to);
            setEditing(!editing);
          }}
        >
          {t('cockpit.compare.custom')}
        </button>
      </div>
      {editing ? (
        <form className="period-picker__custom" onSubmit={apply}>
          <label>
            <span>{t('hotline.period.from')}</span>
            <input
              type="date"
              value={from}
              max={today}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <label>
            <span>{t('hotline.period.to')}</span>
            <input
              type="date"
              value={to}
              max={today}
              onChange={(event) => setTo(event.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={!valid}>
            {t('hotline.period.apply')}
          </button>
          {!valid && from && to ? (
            <span className="period-picker__error">{t('hotline.period.invalid')}</span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
