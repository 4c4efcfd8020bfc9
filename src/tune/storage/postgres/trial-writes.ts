// Writes that are one atomic step: numbering and inserting a trial (one statement), importing
// one as it was, and failing trials with their retries (the stale reaper and a stopping worker)
// inside a transaction.
import { randomUUID } from 'node:crypto';
import { trialSeed } from '../../seeds.ts';
import { SYSTEM_ATTRS } from '../../system-attrs.ts';
import type { FrozenTrial, ParamValue } from '../../types.ts';
import { retryInit } from '../retry-policy.ts';
import { checkImportedTrial, importedValues, jsonCopy, unknownStudy, valuesColumn } from '../rules.ts';
import { thisProcess } from '../trial-owner.ts';
import type { Query } from './connection.ts';
import { frozenTrial, NOW_MS, TRIAL_COLUMNS, type TrialRow } from './trial-rows.ts';

export type TrialInit = { state: 'waiting' | 'running'; seed?: number; params?: Record<string, ParamValue>; systemAttrs?: Record<string, unknown> };

/**
 * One statement (so atomic without a transaction): takes the study's next number (its row lock
 * orders creators) and inserts the trial with its params and system attrs. A default seed is not
 * stored: it is trialSeed(study seed, number), derived on read (trial-rows.ts).
 */
export async function insertTrial(q: Query, studyId: number, init: TrialInit, token: string): Promise<{ number: number; seed: number; startedAt: number | null }> {
  const original = init.systemAttrs?.[SYSTEM_ATTRS.retryOf] === undefined ? 1 : 0;
  const params = Object.entries(init.params ?? {});
  const attrs = Object.entries(init.systemAttrs ?? {});
  const owner = thisProcess();
  const { rows } = await q<{ number: number; started_at: number | null; study_seed: number }>(
    `WITH n AS (UPDATE studies SET next_number = next_number + 1, originals = originals + $2, budgeted = budgeted + 1 WHERE id = $1 RETURNING id, next_number - 1 AS number, seed),
     t AS (INSERT INTO trials (study_id, number, state, seed, started_at, request_token, owner_host, owner_pid)
           SELECT id, number, $3::text, $4::bigint, CASE WHEN $3::text = 'running' THEN ${NOW_MS} END, $5,
                  CASE WHEN $3::text = 'running' THEN $10::text END, CASE WHEN $3::text = 'running' THEN $11::integer END FROM n RETURNING id, number, started_at),
     p AS (INSERT INTO trial_params (trial_id, name, value_json) SELECT t.id, u.name, u.value FROM t, unnest($6::text[], $7::text[]) WITH ORDINALITY AS u(name, value, ord) ORDER BY u.ord),
     a AS (INSERT INTO trial_attrs (trial_id, kind, key, value_json) SELECT t.id, 'system', u.key, u.value FROM t, unnest($8::text[], $9::text[]) WITH ORDINALITY AS u(key, value, ord) ORDER BY u.ord)
     SELECT t.number, t.started_at, n.seed AS study_seed FROM t, n`,
    [
      studyId,
      original,
      init.state,
      init.seed ?? null,
      token,
      params.map(([k]) => k),
      params.map(([, v]) => JSON.stringify(v)),
      attrs.map(([k]) => k),
      attrs.map(([, v]) => JSON.stringify(v)),
      owner.host,
      owner.pid,
    ],
  );
  if (rows[0] === undefined) throw unknownStudy(studyId);
  const { number, started_at: startedAt, study_seed: studySeed } = rows[0];
  return { number, seed: init.seed ?? trialSeed(studySeed, number), startedAt };
}

/**
 * Inside a transaction holding the rows' locks (running trials): fails them as orphans, which
 * leaves them out of the budget, and inserts their retries.
 */
export async function failAndRequeue(q: Query, studyId: number, ids: number[], reason: string, maxRetries: number): Promise<{ failed: number[]; retries: number[] }> {
  if (ids.length === 0) return { failed: [], retries: [] };
  await q(`UPDATE trials SET state = 'failed', value = NULL, completed_at = ${NOW_MS} WHERE id = ANY($1)`, [ids]);
  await q('UPDATE studies SET budgeted = budgeted - $2 WHERE id = $1', [studyId, ids.length]);
  await q("INSERT INTO trial_attrs (trial_id, kind, key, value_json) SELECT unnest($1::bigint[]), 'system', u.key, u.value FROM unnest($2::text[], $3::text[]) AS u(key, value) ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = excluded.value_json", [
    ids,
    [SYSTEM_ATTRS.orphaned, SYSTEM_ATTRS.failReason],
    ['true', JSON.stringify(reason)],
  ]);
  const { rows } = await q<TrialRow>(`SELECT ${TRIAL_COLUMNS} FROM trials t WHERE t.id = ANY($1) ORDER BY t.number`, [ids]);
  const retries: number[] = [];
  for (const trial of rows.map(frozenTrial)) {
    const init = retryInit(trial, maxRetries);
    if (init !== undefined) retries.push((await insertTrial(q, studyId, init, randomUUID())).number);
  }
  return { failed: rows.map((r) => r.number), retries };
}


/** Inside a transaction: stores an imported trial as it was (its number must be the study's next). */
export async function importTrial(q: Query, studyId: number, trial: FrozenTrial, token: string): Promise<void> {
  const original = trial.systemAttrs?.[SYSTEM_ATTRS.retryOf] === undefined ? 1 : 0;
  const budgeted = trial.systemAttrs?.[SYSTEM_ATTRS.orphaned] === true ? 0 : 1;
  const { rows } = await q<{ number: number }>('UPDATE studies SET next_number = next_number + 1, originals = originals + $2, budgeted = budgeted + $3 WHERE id = $1 RETURNING next_number - 1 AS number', [
    studyId,
    original,
    budgeted,
  ]);
  if (rows[0] === undefined) throw unknownStudy(studyId);
  checkImportedTrial(trial, rows[0].number);
  const inserted = await q<{ id: number }>('INSERT INTO trials (study_id, number, state, value, seed, started_at, completed_at, request_token, values_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id', [
    studyId,
    trial.number,
    trial.state,
    trial.value,
    trial.seed,
    trial.startedAt,
    trial.completedAt,
    token,
    valuesColumn(importedValues(trial)),
  ]);
  const id = inserted.rows[0]!.id;
  const params = Object.entries(trial.params);
  await q('INSERT INTO trial_params (trial_id, name, value_json, distribution_json) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])', [
    id,
    params.map(([name]) => name),
    params.map(([, value]) => JSON.stringify(jsonCopy(value, 'importTrial: param'))),
    params.map(([name]) => (trial.distributions[name] === undefined ? null : JSON.stringify(jsonCopy(trial.distributions[name], 'importTrial: distribution')))),
  ]);
  const steps = Object.entries(trial.intermediate);
  await q('INSERT INTO trial_intermediate (trial_id, step, value) SELECT $1, * FROM unnest($2::bigint[], $3::float8[])', [id, steps.map(([step]) => Number(step)), steps.map(([, value]) => value)]);
  const attrs = [...Object.entries(trial.userAttrs).map(([k, v]) => ['user', k, v] as const), ...Object.entries(trial.systemAttrs).map(([k, v]) => ['system', k, v] as const)];
  await q('INSERT INTO trial_attrs (trial_id, kind, key, value_json) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])', [
    id,
    attrs.map(([kind]) => kind),
    attrs.map(([, key]) => key),
    attrs.map(([kind, key, value]) => JSON.stringify(jsonCopy(value, `importTrial: ${kind} attr ${JSON.stringify(key)}`))),
  ]);
}
