// Moving a study between storages (SQLite ↔ PostgreSQL ↔ memory): the study (name, direction,
// seed, user attrs) and every trial exactly as stored (state, value, params with their
// distributions, intermediate values, seeds, timestamps, attrs), numbers unchanged. Directly
// (copyStudy) or through a JSON document (exportStudy → studyToJson → file → studyFromJson →
// importStudy). The source is only read.
import { describeValue } from '../errors.ts';
import { checkDirection, checkDirections, checkImportedTrial, checkSeed, checkStudyName } from './storage/rules.ts';
import type { Direction, FrozenTrial, Storage, StudyRecord } from './types.ts';

export const STUDY_EXPORT_FORMAT = 'hyperprop-study';
export const STUDY_EXPORT_VERSION = 1;

export interface StudyExport {
  format: typeof STUDY_EXPORT_FORMAT;
  version: typeof STUDY_EXPORT_VERSION;
  /** directions: one per objective (absent in documents from before several objectives: [direction]). */
  study: { name: string; direction: Direction; directions?: Direction[]; seed: number; userAttrs: Record<string, unknown> };
  trials: FrozenTrial[];
}

export async function exportStudy(storage: Storage, name: string): Promise<StudyExport> {
  const record = await storage.getStudy(name);
  if (record === undefined) throw new RangeError(`exportStudy: name must name a study in the storage, got ${JSON.stringify(name)}`);
  return {
    format: STUDY_EXPORT_FORMAT,
    version: STUDY_EXPORT_VERSION,
    study: { name: record.name, direction: record.direction, directions: record.directions, seed: record.seed, userAttrs: record.userAttrs },
    trials: await storage.getTrials(record.id),
  };
}

/**
 * Creates the study in `storage` (under `options.name`, default its own name, which must be
 * free) and stores every trial as it was. Everything is checked before anything is written.
 */
export async function importStudy(storage: Storage, data: StudyExport, options: { name?: string } = {}): Promise<StudyRecord> {
  checkExport(data);
  const name = options.name ?? data.study.name;
  checkStudyName(name);
  if ((await storage.getStudy(name)) !== undefined) throw new Error(`importStudy: name must be free in the target storage, got ${JSON.stringify(name)} (a study with that name exists)`);
  const record = await storage.createStudy(name, data.study.directions ?? data.study.direction, data.study.seed);
  for (const [key, value] of Object.entries(data.study.userAttrs)) await storage.setStudyAttr(record.id, key, value);
  for (const trial of data.trials) await storage.importTrial(record.id, trial);
  return (await storage.getStudy(name))!;
}

/** exportStudy from one storage, importStudy into another. */
export async function copyStudy(from: Storage, to: Storage, name: string, options: { name?: string } = {}): Promise<StudyRecord> {
  return importStudy(to, await exportStudy(from, name), options);
}

/** JSON has no Infinity: values and intermediate values of ±Infinity are written as the strings "Infinity" and "-Infinity". */
export function studyToJson(data: StudyExport, indent = 2): string {
  return JSON.stringify(data, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? 'Infinity' : value === Number.NEGATIVE_INFINITY ? '-Infinity' : value), indent);
}

export function studyFromJson(text: string): StudyExport {
  const data = JSON.parse(text) as StudyExport;
  for (const trial of data.trials ?? []) {
    if (isInfinityText(trial.value)) trial.value = Number(trial.value);
    if (Array.isArray(trial.values)) trial.values = trial.values.map((v: unknown) => (isInfinityText(v) ? Number(v) : v) as number);
    for (const [step, value] of Object.entries(trial.intermediate ?? {}) as [string, unknown][]) if (isInfinityText(value)) trial.intermediate[Number(step)] = Number(value);
  }
  checkExport(data);
  return data;
}

function isInfinityText(value: unknown): boolean {
  return value === 'Infinity' || value === '-Infinity';
}

function checkExport(data: StudyExport): void {
  if (data === null || typeof data !== 'object') throw new TypeError(`importStudy: data must be an object, got ${describeValue(data)}`);
  if (data.format !== STUDY_EXPORT_FORMAT) throw new TypeError(`importStudy: format must be "${STUDY_EXPORT_FORMAT}", got ${describeValue(data.format)}`);
  if (data.version !== STUDY_EXPORT_VERSION) throw new RangeError(`importStudy: version must be ${STUDY_EXPORT_VERSION}, got ${describeValue(data.version)} (written by another hyperprop)`);
  checkStudyName(data.study?.name);
  checkDirection(data.study.direction);
  if (data.study.directions !== undefined) checkDirections(data.study.directions, 'importStudy: study.directions');
  checkSeed(data.study.seed, 'importStudy: study.seed');
  if (!Array.isArray(data.trials)) throw new TypeError(`importStudy: trials must be an array, got ${describeValue(data.trials)}`);
  data.trials.forEach((trial, i) => checkImportedTrial(trial, i));
}
