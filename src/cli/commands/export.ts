// hyperprop export <model> --format onnx|tfjs: a model file (from `train --save-model` or
// saveModel) as an ONNX file or a TF.js layers model, its stored scaler built in by default.
// hyperprop export <storage> <out.db> --format optuna: a study storage in Optuna's RDB schema.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { DataError, FileError } from '../../errors.ts';
import { ONNX_OPSET } from '../../export/onnx-messages.ts';
import { toOnnx } from '../../export/onnx.ts';
import { TFJS_WEIGHTS_FILE, toTfjs } from '../../export/tfjs.ts';
import { loadModel } from '../../nn/model-file.ts';
import { UsageError } from '../exit-codes.ts';
import { exportOptuna } from '../export-optuna-run.ts';
import { Output } from '../output.ts';
import type { CliCommand } from './command.ts';

export const EXPORT_FORMATS = ['onnx', 'tfjs', 'optuna'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportCommandOptions {
  format: ExportFormat;
  output?: string;
  scaler: boolean;
  study?: string[];
  json?: boolean;
}

function parseFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as ExportFormat;
}

/** Beside the model file: model.json → model.onnx, or the folder model-tfjs/. */
function defaultOutput(modelPath: string, format: ExportFormat): string {
  const stem = basename(modelPath, extname(modelPath));
  return join(dirname(modelPath), format === 'onnx' ? `${stem}.onnx` : `${stem}-tfjs`);
}

/** Writes through a temporary name, so an interrupted export never leaves half a file. */
function writeAtomically(path: string, bytes: Uint8Array | string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

export const exportCommand: CliCommand = {
  name: 'export',
  register(program: Command) {
    program
      .command('export')
      .description("write a model file as ONNX (opset 17) or as a TensorFlow.js layers model, or a study storage in Optuna's RDB schema")
      .argument('<model>', 'a model file written by `hyperprop train --save-model` or saveModel(); with --format optuna, a storage (study.db, sqlite:study.db, postgres://…)')
      .argument('[output]', 'the same as --output')
      .requiredOption('-f, --format <format>', `the format: ${EXPORT_FORMATS.join(', ')}`, parseFormat)
      .option('-o, --output <path>', 'onnx: the file to write (default: <model>.onnx); tfjs: the folder for model.json and weights.bin (default: <model>-tfjs); optuna: the new SQLite file (required)')
      .option('--study <name...>', 'optuna: only these studies (default: every study in the storage)')
      .option('--no-scaler', "leave the model's stored scaler out: the export then takes features scaled as in training")
      .option('--json', 'print { format, files, inputs, outputs, scaler } as JSON')
      .addHelpText('after', `
Examples:
  $ hyperprop train examples/iris.yaml --save-model iris.json
  $ hyperprop export iris.json --format onnx                 writes iris.onnx (input "input", output "output")
  $ hyperprop export iris.json --format tfjs -o web/iris     writes web/iris/model.json and weights.bin
  $ hyperprop export iris.json --format onnx --no-scaler -o iris-scaled-inputs.onnx
  $ hyperprop export digits.db digits-optuna.db --format optuna   then optuna.load_study(study_name="digits", storage="sqlite:///digits-optuna.db")

The stored scaler is built in (ONNX: Sub/Div or Mul/Add; TF.js: a fixed BatchNormalization), so
the exported model takes raw features, as the training data was before scaling.

--format optuna writes every trial in Optuna 3.0/3.1's RDB schema: complete, pruned, failed,
waiting and running keep their state, diverged becomes FAIL with the user attr "diverged" saying
why; categoricals are stored by choice index, as Optuna does. A later Optuna opens the file
after \`optuna storage upgrade --storage sqlite:///out.db\`.`)
      .action(async (modelPath: string, positional: string | undefined, options: ExportCommandOptions) => {
        const output = new Output(options);
        if (positional !== undefined && options.output !== undefined && positional !== options.output) {
          throw new UsageError(`[output] and --output must not both be given, got ${JSON.stringify(positional)} and ${JSON.stringify(options.output)}`);
        }
        if (positional !== undefined) options.output = positional;
        if (options.format === 'optuna') return exportOptuna(modelPath, options.output, options.study, output);
        if (options.study !== undefined) throw new UsageError(`--study applies to --format optuna only, got --format ${options.format}`);
        let loaded;
        try {
          loaded = loadModel(modelPath);
        } catch (error) {
          if (error instanceof FileError || error instanceof DataError) throw new UsageError(`<model> must be a hyperprop model file: ${error.message}`);
          throw error;
        }
        const { model } = loaded;
        const scaler = options.scaler ? loaded.scaler : undefined;
        const exportOptions = scaler ? { scaler } : undefined;
        const target = options.output ?? defaultOutput(modelPath, options.format);
        const files = options.format === 'onnx' ? [target] : [join(target, 'model.json'), join(target, TFJS_WEIGHTS_FILE)];
        if (files.some((file) => resolve(file) === resolve(modelPath))) {
          throw new UsageError(`--output must not overwrite the model file it exports, got ${JSON.stringify(target)}`);
        }
        if (options.format === 'onnx') {
          writeAtomically(target, toOnnx(model, exportOptions));
        } else {
          const { modelJson, weights } = toTfjs(model, exportOptions);
          mkdirSync(target, { recursive: true });
          writeAtomically(files[1]!, weights);
          writeAtomically(files[0]!, JSON.stringify(modelJson));
        }
        const what = options.format === 'onnx' ? `ONNX opset ${ONNX_OPSET}` : 'TF.js layers model';
        const scaled = scaler ? `, ${scaler.constructor.name} built in` : loaded.scaler ? ', without its scaler (--no-scaler)' : '';
        output.result(`wrote ${files.join(' and ')} (${what}, ${model.inputs} inputs → ${model.outputs} outputs${scaled})`);
        output.document({ format: options.format, files, inputs: model.inputs, outputs: model.outputs, scaler: scaler ? scaler.constructor.name : null });
      });
  },
};
