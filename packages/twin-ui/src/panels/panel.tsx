import type { ReactNode } from 'react';

/** A framed panel with a title bar, in the command-centre style. */
export function Panel({
  title,
  children,
  testId,
  aside,
  className,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
  /** Shown at the right end of the title bar (a period, a stale-data mark). */
  aside?: ReactNode;
  /** Extra class names, e.g. to let the panel grow in its column. */
  className?: string;
}) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} data-testid={testId}>
      <h2 className="panel__title">
        <span>{title}</span>
        {aside ? <span className="panel__aside">{aside}</span> : null}
      </h2>
      <div className="panel__body">{children}</div>
    </section>
  );
}
