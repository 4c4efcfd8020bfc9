// hyperprop export <model> --format onnx|tfjs: a model file (from `train --save-model` or
// saveModel) as an ONNX file or a TF.js layers model, its stored scaler built in by default.
// hyperprop export <storage> <out.db> --format optuna: a study storage in Optuna's RDB schema.
// The declaration only: ../actions/export.ts runs it, loaded when the command runs.
import { InvalidArgumentError, type Command } from 'commander';
import { lazyAction, type CliCommand } from './command.ts';

export const EXPORT_FORMATS = ['onnx', 'tfjs', 'optuna'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function parseFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as ExportFormat;
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
      .action(lazyAction(async () => (await import('../actions/export.ts')).exportAction));
  },
};
