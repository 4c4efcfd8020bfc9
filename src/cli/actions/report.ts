// What `hyperprop report` does once its arguments are parsed: the HTML report of a training run
// (the JSON `train -o` wrote) or of the studies in a storage (a comparison when there are
// several). commands/report.ts declares the command and loads this module when it runs.
import { existsSync, writeFileSync } from 'node:fs';
import { FileError } from '../../errors.ts';
import { parseJsonText } from '../../files/json-syntax.ts';
import { FILE_LIMITS, readBoundedText } from '../../files/read-bounded-file.ts';
import { isRunRecord } from '../../report/run-record.ts';
import { buildRunReport } from '../../report/run-report.ts';
import { loadStudies } from '../../report/study-data.ts';
import { buildStudyReport } from '../../report/study-report.ts';
import { UsageError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { storageFromUrl } from '../storage-from-url.ts';

export interface ReportOptions {
  output: string;
  study?: string[];
  title?: string;
  json?: boolean;
}

function readRun(path: string): unknown {
  if (!path.toLowerCase().endsWith('.json') || !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readBoundedText(path, { maxBytes: FILE_LIMITS.run, what: 'run file' });
  } catch (error) {
    if (error instanceof FileError) throw new UsageError(error.message);
    throw error;
  }
  return parseJsonText(text, (problem) => new UsageError(`<study-or-run> must be a run file written by \`hyperprop train -o\`, got ${JSON.stringify(path)} (${problem})`));
}

export async function reportAction(source: string, options: ReportOptions): Promise<void> {
  const output = new Output(options);
  const run = readRun(source);
  if (run !== undefined) {
    if (!isRunRecord(run)) throw new UsageError(`<study-or-run> must be a run file written by \`hyperprop train -o\` (kind "hyperprop-run"), got ${JSON.stringify(source)}`);
    writeFileSync(options.output, buildRunReport(run, options.title));
    output.result(`wrote report ${options.output} (training run ${run.name})`);
    output.document({ report: options.output, kind: 'run', studies: [] });
    return;
  }
  const storage = await storageFromUrl(source, { mustExist: true });
  try {
    const studies = await loadStudies(storage, options.study);
    if (studies.length === 0) throw new UsageError(`<study-or-run> must hold at least one study, got none in ${JSON.stringify(source)}`);
    writeFileSync(options.output, buildStudyReport(studies, options.title));
    output.result(`wrote report ${options.output} (${studies.map((s) => s.name).join(', ')})`);
    output.document({ report: options.output, kind: 'study', studies: studies.map((s) => s.name) });
  } catch (error) {
    if (error instanceof RangeError && error.message.startsWith('--study')) throw new UsageError(error.message);
    throw error;
  } finally {
    await storage.close();
  }
}

