// What `hyperprop export` does once its arguments are parsed: a model file (from `train
// --save-model` or saveModel) as an ONNX file or a TF.js layers model, its stored scaler built in
// by default; with --format optuna, a study storage in Optuna's RDB schema. commands/export.ts
// declares the command and loads this module when it runs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DataError, FileError } from '../../errors.ts';
import { ONNX_OPSET } from '../../export/onnx-messages.ts';
import { toOnnx } from '../../export/onnx.ts';
import { TFJS_WEIGHTS_FILE, toTfjs } from '../../export/tfjs.ts';
import { loadModel } from '../../nn/model-file.ts';
import { UsageError } from '../exit-codes.ts';
import { exportOptuna } from '../export-optuna-run.ts';
import { Output } from '../output.ts';
import type { ExportFormat } from '../commands/export.ts';

export interface ExportCommandOptions {
  format: ExportFormat;
  output?: string;
  scaler: boolean;
  study?: string[];
  json?: boolean;
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

export async function exportAction(modelPath: string, positional: string | undefined, options: ExportCommandOptions): Promise<void> {
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
}

