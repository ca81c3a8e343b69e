import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateRangeForm } from '../hotline/date-range-form.tsx';
import type { DateRange } from '../hotline/period.ts';
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
          onClick={() => setEditing(!editing)}
        >
          {t('cockpit.compare.custom')}
        </button>
      </div>
      {editing ? (
        <DateRangeForm
          initial={compareRange}
          today={today}
          onApply={(range) => {
            setEditing(false);
            onChange({ kind: 'custom', ...range });
          }}
        />
      ) : null}
    </div>
  );
}
