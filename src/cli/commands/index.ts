// Every command of the CLI, in the order --help lists them. A new command is a declaration in
// this folder (arguments, options, help), what it does in ../actions (loaded when it runs), and
// one entry here.
import { benchCommand } from './bench.ts';
import type { CliCommand } from './command.ts';
import { evaluateCommand } from './evaluate.ts';
import { exportCommand } from './export.ts';
import { importanceCommand } from './importance.ts';
import { infoCommand } from './info.ts';
import { predictCommand } from './predict.ts';
import { reportCommand } from './report.ts';
import { sweepCommand } from './sweep.ts';
import { trainCommand } from './train.ts';
import { trialsCommand } from './trials.ts';
import { tuneCommand } from './tune.ts';
import { workerCommand } from './worker.ts';

export const COMMANDS: readonly CliCommand[] = [tuneCommand, workerCommand, trainCommand, predictCommand, evaluateCommand, exportCommand, sweepCommand, reportCommand, trialsCommand, importanceCommand, benchCommand, infoCommand];
