// Model files: the architecture, the parameters as little-endian float32 bytes (base64, with a
// SHA-256), and optionally the fitted scaler, in one JSON document. Saving and loading
// round-trips every parameter bit for bit; loading checks everything before building a model,
// so a truncated, corrupt or hostile file gets a clear error instead of a broken model.
import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import type { Backend } from '../backend/backend.ts';
import { MinMaxScaler, StandardScaler, type MinMaxScalerJSON, type StandardScalerJSON } from '../data/index.ts';
import { DataError, describeContent, typeError } from '../errors.ts';
import { parseJsonText } from '../files/json-syntax.ts';
import { FILE_LIMITS, readBoundedText } from '../files/read-bounded-file.ts';
import { configToJSON, resolveConfig, type MLPConfig } from './config.ts';
import type { Scaler } from './input-scaler.ts';
import { MLP } from './mlp.ts';
import { parameterLayout } from './parameters.ts';

export const MODEL_FORMAT = 'hyperprop.mlp';
export const MODEL_FORMAT_VERSION = 1;

export type { Scaler };

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  config: MLPConfig;
  parameters: FloatBlock;
  /** Batch norm's running means and variances, when the model has batch norm. */
  state?: FloatBlock;
  scaler?: StandardScalerJSON | MinMaxScalerJSON;
  /** A regressor's target standardisation (files written before it existed have none). */
  targetScaler?: StandardScalerJSON;
}

interface FloatBlock {
  dtype: 'float32';
  byteOrder: 'little';
  count: number;
  sha256: string;
  data: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The parameters as little-endian float32 bytes, whatever the platform's byte order. */
function parameterBytes(params: Float32Array): Uint8Array {
  const bytes = new Uint8Array(params.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < params.length; i++) view.setFloat32(i * 4, params[i]!, true);
  return bytes;
}

function floatBlock(values: Float32Array): FloatBlock {
  const bytes = parameterBytes(values);
  return { dtype: 'float32', byteOrder: 'little', count: values.length, sha256: sha256(bytes), data: Buffer.from(bytes).toString('base64') };
}

/** options.scaler, when given, is stored instead of the model's own inputScaler. */
export function modelToJSON(model: MLP, options: { scaler?: Scaler } = {}): ModelFile {
  const stateLength = model.layout.stateTotal;
  const scaler = options.scaler ?? model.inputScaler;
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    config: configToJSON(model.config),
    parameters: floatBlock(model.parameters),
    ...(stateLength > 0 ? { state: floatBlock(model.state.subarray(0, stateLength)) } : {}),
    ...(scaler ? { scaler: scaler.toJSON() } : {}),
    ...(model.targetScaler ? { targetScaler: model.targetScaler.toJSON() } : {}),
  };
}

/** Decodes and checks one float block; `field` names it in errors. */
function readFloatBlock(block: unknown, field: string, expected: number, fail: (message: string) => Error): Float32Array {
  const p = block as Partial<FloatBlock> | undefined;
  if (typeof p !== 'object' || p === null) throw fail(`${field} must be an object`);
  if (p.dtype !== 'float32' || p.byteOrder !== 'little') throw fail(`${field} must be little-endian float32, got ${JSON.stringify(p.dtype)} ${JSON.stringify(p.byteOrder)}`);
  if (p.count !== expected) throw fail(`${field}.count is ${JSON.stringify(p.count)}, but the architecture has ${expected} ${field === 'parameters' ? 'parameters' : 'values'}`);
  if (typeof p.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(p.data)) throw fail(`${field}.data must be base64 text`);
  const bytes = Buffer.from(p.data, 'base64');
  if (bytes.length !== expected * 4) throw fail(`${field}.data holds ${bytes.length} bytes, expected ${expected * 4} (${expected} float32 values)`);
  // A missing hash is a file written by something else, not a corrupt one: say which.
  // Stryker disable next-line ConditionalExpression: without the typeof test the regex refuses a non-string as "undefined" or "12"
  if (typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256)) throw fail(`${field}.sha256 must be the SHA-256 of the data as 64 hex digits, got ${describeContent(p.sha256)}`);
  if (sha256(bytes) !== p.sha256) throw fail(`${field}.sha256 does not match the data: the file is corrupt`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(expected);
  for (let i = 0; i < expected; i++) {
    const v = view.getFloat32(i * 4, true);
    if (!Number.isFinite(v)) throw fail(`${field === 'parameters' ? 'parameter' : `${field} value`} ${i} is ${v}: a model with non-finite ${field === 'parameters' ? 'weights' : 'state'} is refused`);
    values[i] = v;
  }
  return values;
}

function readTargetScaler(json: unknown, loss: string, outputs: number, fail: (message: string) => Error): StandardScaler | undefined {
  if (json === undefined) return undefined;
  let scaler: StandardScaler;
  try {
    const type = (json as { type?: unknown } | null)?.type;
    if (type !== 'StandardScaler') throw typeError('targetScaler.type', '"StandardScaler"', type);
    scaler = StandardScaler.fromJSON(json as StandardScalerJSON);
  } catch (error) {
    throw fail(`targetScaler: ${(error as Error).message}`);
  }
  if (loss !== 'mse') throw fail(`targetScaler is only for a regressor (loss mse), but the model's loss is ${loss}`);
  if (scaler.features !== outputs) throw fail(`targetScaler has ${scaler.features} targets, but the model has ${outputs} outputs`);
  return scaler;
}

/**
 * The model, with its stored scaler as model.inputScaler: it predicts and evaluates on raw rows.
 * `scaler` is the same object, for code that reads it (do not also apply it to the rows).
 */
export function modelFromJSON(json: unknown, options: { backend?: Backend; source?: string } = {}): { model: MLP; scaler?: Scaler } {
  const source = options.source ?? 'model';
  const fail = (message: string) => new DataError(message, { source });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('the file is not a JSON object');
  const file = json as Partial<ModelFile>;
  // Until the file says it is a model file, nothing of it is quoted: it may be any file at all.
  if (file.format !== MODEL_FORMAT) throw fail(`format must be "${MODEL_FORMAT}", got ${describeContent(file.format)}`);
  if (file.version !== MODEL_FORMAT_VERSION) throw fail(`version must be ${MODEL_FORMAT_VERSION} (the version this hyperprop reads), got ${describeContent(file.version)}`);
  let config;
  try {
    config = resolveConfig(file.config as MLPConfig);
  } catch (error) {
    throw fail(`config: ${(error as Error).message}`);
  }
  const layout = parameterLayout(config);
  const values = readFloatBlock(file.parameters, 'parameters', layout.total, fail);
  const state = layout.stateTotal > 0 ? readFloatBlock(file.state, 'state', layout.stateTotal, fail) : undefined;
  let scaler: Scaler | undefined;
  if (file.scaler !== undefined) {
    try {
      const type = (file.scaler as { type?: unknown }).type;
      if (type === 'StandardScaler') scaler = StandardScaler.fromJSON(file.scaler as StandardScalerJSON);
      else if (type === 'MinMaxScaler') scaler = MinMaxScaler.fromJSON(file.scaler as MinMaxScalerJSON);
      else throw typeError('scaler.type', '"StandardScaler" or "MinMaxScaler"', type);
    } catch (error) {
      throw fail(`scaler: ${(error as Error).message}`);
    }
    const features = scaler.features;
    if (features !== config.inputs) throw fail(`scaler has ${features} features, but the model has ${config.inputs} inputs`);
  }
  const targetScaler = readTargetScaler(file.targetScaler, config.loss, config.layers.at(-1)!.units, fail);
  const model = new MLP(configToJSON(config), options.backend ? { backend: options.backend } : {});
  model.parameters.set(values);
  if (state) model.state.set(state);
  model.inputScaler = scaler;
  model.targetScaler = targetScaler;
  return { model, ...(scaler ? { scaler } : {}) };
}

/** Writes the model (and its inputScaler, or options.scaler) atomically: a crash mid-write leaves the old file intact. */
export function saveModel(model: MLP, path: string, options: { scaler?: Scaler } = {}): void {
  if (typeof path !== 'string' || path.length === 0) throw typeError('path', 'a file path', path);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(modelToJSON(model, options)));
  renameSync(temporary, path);
}

export function loadModel(path: string, options: { backend?: Backend } = {}): { model: MLP; scaler?: Scaler } {
  if (typeof path !== 'string' || path.length === 0) throw typeError('path', 'a file path', path);
  const text = readBoundedText(path, { maxBytes: FILE_LIMITS.model, what: 'model file' });
  const json = parseJsonText(text, (message) => new DataError(message, { source: path }));
  return modelFromJSON(json, { ...options, source: path });
}
