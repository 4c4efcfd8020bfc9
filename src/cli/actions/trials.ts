// What `hyperprop trials` does once its arguments are parsed: a study's trials as a table, CSV or
// JSON (on stdout or to a file). commands/trials.ts declares the command and loads this module
// when it runs.
import { writeFileSync } from 'node:fs';
import { isBetter } from '../../train/direction.ts';
import { trialsToCsv, trialsToJson } from '../../tune/export.ts';
import type { FrozenTrial, TrialState } from '../../tune/types.ts';
import { bestTrial } from '../../report/study-data.ts';
import { UsageError } from '../exit-codes.ts';
import { trialRow, TRIAL_HEADER } from '../progress/trial-row.ts';
import { storageFromUrl } from '../storage-from-url.ts';
import { TRIAL_STATES } from '../commands/trials.ts';

export interface TrialsOptions {
  study?: string;
  format: 'table' | 'csv' | 'json';
  json?: boolean;
  output?: string;
  state?: string;
}

function table(trials: readonly FrozenTrial[], direction: 'minimize' | 'maximize'): string {
  let best: number | null = null;
  const rows = trials.map((t) => {
    if (t.state === 'complete' && t.value !== null && (best === null || isBetter(direction, t.value, best))) best = t.value;
    return trialRow(t, best);
  });
  return [TRIAL_HEADER, ...rows].join('\n') + '\n';
}

export async function trialsAction(source: string, options: TrialsOptions): Promise<void> {
  const states = options.state?.split(',').map((s) => s.trim()) as TrialState[] | undefined;
  const unknown = states?.filter((s) => !TRIAL_STATES.includes(s));
  if (unknown?.length) throw new UsageError(`--state must list states among ${TRIAL_STATES.join(', ')}, got ${JSON.stringify(unknown.join(','))}`);
  const storage = await storageFromUrl(source, { mustExist: true });
  try {
    const studies = await storage.listStudies();
    const names = studies.map((s) => JSON.stringify(s.name)).join(', ');
    const record = options.study === undefined ? (studies.length === 1 ? studies[0] : undefined) : studies.find((s) => s.name === options.study);
    if (record === undefined) {
      throw new UsageError(options.study === undefined ? `--study must name one of the studies in ${JSON.stringify(source)} (${names || 'none stored'}), got nothing` : `--study must name a study in ${JSON.stringify(source)} (${names || 'none stored'}), got ${JSON.stringify(options.study)}`);
    }
    const trials = await storage.getTrials(record.id, states);
    const format = options.json ? 'json' : options.format;
    const text = format === 'csv' ? trialsToCsv(trials) : format === 'json' ? `${trialsToJson(trials)}\n` : table(trials, record.direction);
    if (options.output) writeFileSync(options.output, text);
    else process.stdout.write(text);
    if (format === 'table' && !options.output) {
      const best = bestTrial({ name: record.name, direction: record.direction, trials });
      process.stdout.write(`${trials.length} trials in ${JSON.stringify(record.name)}${best ? `; best ${best.value} (trial ${best.number})` : ''}\n`);
    }
  } finally {
    await storage.close();
  }
}

