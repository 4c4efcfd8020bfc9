// One finished trial as a row of the live trials table, and the table's header.
import { formatNumber } from '../../report/html.ts';
import { trialEpochs } from '../../tune/compare.ts';
import type { FrozenTrial } from '../../tune/types.ts';

export const TRIAL_HEADER = `${'trial'.padStart(6)}  ${'state'.padEnd(8)}  ${'value'.padStart(8)}  ${'epochs'.padStart(6)}  ${'best'.padStart(8)}  params`;

function param(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value, 3) : String(value);
}

export function trialRow(trial: FrozenTrial, best: number | null): string {
  const params = Object.entries(trial.params).map(([k, v]) => `${k}=${param(v)}`).join(' ');
  return `${String(trial.number).padStart(6)}  ${trial.state.padEnd(8)}  ${formatNumber(trial.value).padStart(8)}  ${String(trialEpochs(trial)).padStart(6)}  ${formatNumber(best).padStart(8)}  ${params}`;
}
