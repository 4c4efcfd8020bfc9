// Trials as CSV (one row per trial, like Optuna's trials_dataframe) and as JSON.
import type { FrozenTrial } from './types.ts';

const FIXED_COLUMNS = ['number', 'state', 'value', 'seed', 'started_at', 'completed_at', 'duration_ms'] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * RFC 4180 CSV: number, state, value, seed, started_at and completed_at (ISO 8601), duration_ms,
 * then, when some trial has several objective values, values_0, values_1 … (Optuna's names),
 * then params_<name> and user_attrs_<key> for every name any trial has (sorted; empty where a
 * trial lacks one, as in conditional spaces). Non-scalar attrs are written as JSON.
 */
export function trialsToCsv(trials: readonly FrozenTrial[]): string {
  const paramNames = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const attrNames = [...new Set(trials.flatMap((t) => Object.keys(t.userAttrs)))].sort();
  const objectives = Math.max(...trials.map((t) => t.values?.length ?? 0), 0);
  const valueColumns = objectives > 1 ? Array.from({ length: objectives }, (_, i) => i) : [];
  const header = [...FIXED_COLUMNS, ...valueColumns.map((i) => `values_${i}`), ...paramNames.map((n) => `params_${n}`), ...attrNames.map((n) => `user_attrs_${n}`)];
  const rows = trials.map((t) => [
    t.number,
    t.state,
    t.value,
    t.seed,
    iso(t.startedAt),
    iso(t.completedAt),
    t.startedAt !== null && t.completedAt !== null ? t.completedAt - t.startedAt : null,
    ...valueColumns.map((i) => t.values?.[i]),
    ...paramNames.map((n) => (Object.hasOwn(t.params, n) ? t.params[n] : undefined)),
    ...attrNames.map((n) => t.userAttrs[n]),
  ]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** The trials as a JSON array of FrozenTrial objects (pretty-printed with `indent` spaces). */
export function trialsToJson(trials: readonly FrozenTrial[], indent = 2): string {
  return JSON.stringify(trials, null, indent);
}
