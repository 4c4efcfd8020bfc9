// A numeric matrix as an HTML table, cut to its top-left corner when large (a 64×128 weight
// matrix is not readable as a table; its corner shows the shape of the numbers).
import { escapeHtml, formatNumber } from '../html.ts';

export const MAX_CELLS_SHOWN = 8;

/** `columnLabel` prefixes the column numbers (`in` → in1, in2 ...), or names each column. */
export function matrixTable(caption: string, rows: readonly (readonly number[])[], rowLabel: string, columnLabel: string | readonly string[]): string {
  const shownRows = rows.slice(0, MAX_CELLS_SHOWN);
  const columns = rows[0]?.length ?? 0;
  const shownColumns = Math.min(columns, MAX_CELLS_SHOWN);
  const cut = rows.length > shownRows.length || columns > shownColumns ? ` <span class="muted">(first ${shownRows.length} of ${rows.length} rows, ${shownColumns} of ${columns} columns)</span>` : '';
  const header = `<tr><th></th>${Array.from({ length: shownColumns }, (_, j) => `<th>${escapeHtml(typeof columnLabel === 'string' ? `${columnLabel}${j + 1}` : (columnLabel[j] ?? ''))}</th>`).join('')}</tr>`;
  const body = shownRows
    .map((row, i) => `<tr><th>${escapeHtml(`${rowLabel}${i + 1}`)}</th>${row.slice(0, shownColumns).map((v) => `<td>${formatNumber(v, 5)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="matrix"><table><caption>${escapeHtml(caption)}${cut}</caption>${header}${body}</table></div>`;
}
