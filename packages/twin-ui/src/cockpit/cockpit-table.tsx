import { useTranslation } from 'react-i18next';
import { QueryPlaceholder, StaleMark } from '../hotline/query-state.tsx';
import type { PolledQuery } from '../live/polled-query.ts';
import { Panel } from '../panels/panel.tsx';
import { type CsvColumn, toCsv, utf8Bom } from './csv.ts';

/** A column as shown and as exported: the CSV holds the raw value where one exists. */
export type TableColumn<Row> = {
  id: string;
  header: string;
  text: (row: Row) => string;
  /** The exported value; the shown text without it. */
  csv?: (row: Row) => string | number | null;
  numeric?: boolean;
};

/** How long a downloaded file's object URL lives (the download has started long before). */
const revokeAfterMs = 30_000;

/** Saves a CSV file (UTF-8 with a BOM, so Excel shows Chinese) through the browser. */
export function downloadCsv<Row>(
  fileName: string,
  columns: readonly TableColumn<Row>[],
  rows: readonly Row[],
): void {
  const csvColumns: CsvColumn<Row>[] = columns.map((column) => ({
    header: column.header,
    value: column.csv ?? column.text,
  }));
  const blob = new Blob([utf8Bom + toCsv(csvColumns, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), revokeAfterMs);
}

/**
 * A cockpit table in a panel: rows open the next level of the drill-down, and the title bar
 * exports exactly the rows shown as CSV.
 */
export function CockpitTable<Row>({
  title,
  testId,
  query,
  rows,
  columns,
  rowKey,
  fileName,
  emptyText,
  onSelect,
}: {
  title: string;
  testId: string;
  /** The query behind the rows: its placeholder shows until it has data. */
  query: PolledQuery<unknown>;
  rows: readonly Row[] | null;
  columns: readonly TableColumn<Row>[];
  rowKey: (row: Row) => string;
  /** The exported file's name, without `.csv`. */
  fileName: string;
  emptyText: string;
  onSelect?: (row: Row) => void;
}) {
  const { t } = useTranslation();
  return (
    <Panel
      title={title}
      testId={testId}
      className="cockpit__panel"
      aside={
        <>
          <StaleMark query={query} />
          <button
            type="button"
            className="button button--small"
            data-testid="csv-export"
            title={t('cockpit.export.title')}
            disabled={rows === null}
            onClick={() => {
              if (rows !== null) downloadCsv(`${fileName}.csv`, columns, rows);
            }}
          >
            {t('cockpit.export.button')}
          </button>
        </>
      }
    >
      {rows === null ? (
        <QueryPlaceholder query={query} />
      ) : rows.length === 0 ? (
        <p className="panel__empty">{emptyText}</p>
      ) : (
        <div className="cockpit-table__scroll">
          <table className="cockpit-table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.id} className={column.numeric ? 'num' : undefined} scope="col">
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={rowKey(row)}
                  data-testid="cockpit-row"
                  data-key={rowKey(row)}
                  className={onSelect ? 'is-selectable' : undefined}
                  tabIndex={onSelect ? 0 : undefined}
                  onClick={onSelect ? () => onSelect(row) : undefined}
                  onKeyDown={
                    onSelect
                      ? (event) => {
                          if (event.key === 'Enter' || event.key === ' ') {
                            event.preventDefault();
                            onSelect(row);
                          }
                        }
                      : undefined
                  }
                >
                  {columns.map((column) => (
                    <td
                      key={column.id}
                      className={column.numeric ? 'num' : undefined}
                      data-column={column.id}
                    >
                      {column.text(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
