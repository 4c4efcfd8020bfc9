// Every trial of a study as a table: number, state, value, epochs trained, duration and each
// parameter; the best trial highlighted.
import { trialEpochs } from '../../tune/compare.ts';
import type { FrozenTrial } from '../../tune/types.ts';
import { escapeHtml, formatNumber } from '../html.ts';

/** Rows shown at most (a report stays openable with a 10 000-trial study). */
export const MAX_TRIAL_ROWS = 2000;

export function trialsTable(trials: readonly FrozenTrial[], best: FrozenTrial | undefined): string {
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const header = ['#', 'state', 'value', 'epochs', 'seconds', ...params].map((h, i) => `<th class="${i === 1 || i >= 5 ? 'text' : ''}">${escapeHtml(h)}</th>`).join('');
  const shown = trials.slice(0, MAX_TRIAL_ROWS);
  const rows = shown.map((t) => {
    const seconds = t.startedAt !== null && t.completedAt !== null ? (t.completedAt - t.startedAt) / 1000 : null;
    const cells = [
      `<td>${t.number}</td>`,
      `<td class="text">${escapeHtml(t.state)}</td>`,
      `<td>${formatNumber(t.value)}</td>`,
      `<td>${t.state === 'running' || t.state === 'waiting' ? '' : trialEpochs(t)}</td>`,
      `<td>${formatNumber(seconds, 2)}</td>`,
      ...params.map((p) => `<td class="text">${p in t.params ? escapeHtml(typeof t.params[p] === 'number' ? formatNumber(t.params[p] as number) : String(t.params[p])) : ''}</td>`),
    ];
    return `<tr${t === best ? ' class="best"' : ''}>${cells.join('')}</tr>`;
  });
  const more = trials.length > shown.length ? `<p class="muted">First ${shown.length} of ${trials.length} trials; \`hyperprop trials\` exports all.</p>` : '';
  return `<div class="scroll"><table class="trials"><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}
