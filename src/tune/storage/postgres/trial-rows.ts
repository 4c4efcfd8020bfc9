// Reading trials back: one statement returns each trial with its params, intermediate values and
// attrs aggregated as JSON, so a trial (or a study's trials) is one round trip and one snapshot.
import { trialSeed } from '../../seeds.ts';
import type { Distribution, FrozenTrial, ParamValue, TrialState } from '../../types.ts';
import { storedValues } from '../rules.ts';

/** The server's clock in epoch milliseconds (clock_timestamp(): the time now, not the transaction's start). */
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

export const TRIAL_COLUMNS = `t.id, t.number, t.state, t.value, t.values_json, t.seed, t.started_at, t.completed_at, (SELECT s.seed FROM studies s WHERE s.id = t.study_id) AS study_seed,
  (SELECT json_agg(json_build_array(p.name, p.value_json, p.distribution_json) ORDER BY p.id) FROM trial_params p WHERE p.trial_id = t.id) AS params,
  (SELECT json_agg(json_build_array(i.step, i.value::text) ORDER BY i.step) FROM trial_intermediate i WHERE i.trial_id = t.id) AS intermediate,
  (SELECT json_agg(json_build_array(a.kind, a.key, a.value_json) ORDER BY a.id) FROM trial_attrs a WHERE a.trial_id = t.id) AS attrs`;

export interface TrialRow {
  id: number;
  number: number;
  state: TrialState;
  value: number | null;
  /** Set when the trial has several values. */
  values_json: string | null;
  /** null: the default, trialSeed(study seed, number). */
  seed: number | null;
  study_seed: number;
  started_at: number | null;
  completed_at: number | null;
  params: [string, string, string | null][] | null;
  /** Values as text: JSON has no Infinity, and float8's text form round-trips exactly. */
  intermediate: [number, string][] | null;
  attrs: ['user' | 'system', string, string][] | null;
}

export function frozenTrial(row: TrialRow): FrozenTrial {
  const params: Record<string, ParamValue> = {};
  const distributions: Record<string, Distribution> = {};
  for (const [name, valueJson, distributionJson] of row.params ?? []) {
    params[name] = JSON.parse(valueJson) as ParamValue;
    if (distributionJson !== null) distributions[name] = JSON.parse(distributionJson) as Distribution;
  }
  const intermediate: Record<number, number> = {};
  for (const [step, value] of row.intermediate ?? []) intermediate[step] = Number(value);
  const userAttrs: Record<string, unknown> = {};
  const systemAttrs: Record<string, unknown> = {};
  for (const [kind, key, valueJson] of row.attrs ?? []) (kind === 'user' ? userAttrs : systemAttrs)[key] = JSON.parse(valueJson);
  return {
    number: row.number,
    state: row.state,
    params,
    distributions,
    value: row.value,
    values: storedValues(row.value, row.values_json),
    intermediate,
    seed: row.seed ?? trialSeed(row.study_seed, row.number),
    startedAt: row.started_at,
    completedAt: row.completed_at,
    userAttrs,
    systemAttrs,
  };
}
