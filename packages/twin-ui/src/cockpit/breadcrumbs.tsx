import { useTranslation } from 'react-i18next';

/** One step of the drill path; the last one is where the leader is. */
export type Crumb = { id: string; label: string; onSelect: () => void };

/** 全市 › 灵宝市 › 某单位 › 工单: each step but the last climbs back to it. */
export function Breadcrumbs({ crumbs }: { crumbs: readonly Crumb[] }) {
  const { t } = useTranslation();
  return (
    <nav className="crumbs" aria-label={t('cockpit.crumbs.label')} data-testid="cockpit-crumbs">
      <ol>
        {crumbs.map((crumb, index) => (
          <li key={crumb.id} data-crumb={crumb.id}>
            {index === crumbs.length - 1 ? (
              <span className="crumbs__here" aria-current="page" data-testid="crumb-current">
                {crumb.label}
              </span>
            ) : (
              <button type="button" className="link-button" onClick={crumb.onSelect}>
                {crumb.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
