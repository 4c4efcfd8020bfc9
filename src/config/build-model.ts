// model + training sections → an MLP and its fit options. The library checks the combination
// (a loss that needs another output activation, say) and names its own fields; its errors carry
// the field's path as data, which is mapped to the config's path so the user sees where to fix it.
import type { Dataset } from '../data/dataset.ts';
import { ConfigError, fieldFacts } from '../errors.ts';
import type { LayerConfig, MLPConfig } from '../nn/config.ts';
import { MLP } from '../nn/mlp.ts';
import type { OptimizerSpec } from '../nn/optimizers/index.ts';
import type { Callback, FitOptions } from '../train/fit.ts';
import { earlyStopping } from '../train/callbacks/early-stopping.ts';
import type { ScheduleSpec } from '../train/schedules.ts';
import { formatPath } from './issues.ts';
import type { ModelConfig } from './model-schema.ts';
import type { TrainingConfig } from './training-schema.ts';

/** Drops undefined values, so library defaults apply (exactOptionalPropertyTypes-safe). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function mlpConfig(model: ModelConfig, data: Dataset): MLPConfig {
  const hidden = model.hidden.map((layer) => defined({ ...layer }) as LayerConfig);
  const outputActivation = model.output.activation ?? (data.task === 'classification' ? 'softmax' : 'linear');
  // Two classes through a sigmoid: one unit, the probability of class 1 (labels 0/1 are its
  // targets), as in the textbook 2-4-1 XOR network, not two independent sigmoids.
  const binary = data.task === 'classification' && data.outputs === 2 && outputActivation === 'sigmoid';
  return defined({
    inputs: data.features,
    layers: [...hidden, { units: binary ? 1 : data.outputs, activation: outputActivation }],
    loss: model.loss,
    seed: model.seed,
    regularization: model.regularization === undefined ? undefined : defined({ ...model.regularization }),
    inputDropout: model.inputDropout,
  }) as MLPConfig;
}

/**
 * The config path of a library field, from the field path the library's error carries
 * (`['layers', 2, 'units']` → `model.hidden[2].units`, or `model.output.units` for the last layer).
 */
export function configPathOf(path: readonly (string | number)[], hiddenCount: number): (string | number)[] | undefined {
  const [head, ...rest] = path;
  if (head === 'layers') {
    const [index, ...inner] = rest;
    if (typeof index !== 'number') return ['model', 'hidden', ...rest];
    return index < hiddenCount ? ['model', 'hidden', index, ...inner] : ['model', 'output', ...inner];
  }
  if (head === 'loss' || head === 'regularization' || head === 'inputDropout') return ['model', head, ...rest];
  if (head === 'optimizer') return ['training', 'optimizer', ...rest];
  if (head === 'lrSchedule') return ['training', 'schedule', ...rest];
  if (head === 'earlyStopping') return ['training', 'earlyStopping', ...rest];
  return undefined;
}

export function asConfigError(error: unknown, hiddenCount: number): never {
  if (error instanceof RangeError || error instanceof TypeError) {
    const facts = fieldFacts(error);
    const mapped = facts?.path === undefined ? undefined : configPathOf(facts.path, hiddenCount);
    if (facts === undefined || mapped === undefined || !error.message.startsWith(facts.field)) {
      throw new ConfigError([{ path: facts?.field ?? 'config', message: error.message }]);
    }
    const path = formatPath(mapped);
    throw new ConfigError([{ path, message: `${path}${error.message.slice(facts.field.length)}` }]);
  }
  throw error;
}

export function buildModel(model: ModelConfig, training: TrainingConfig, data: Dataset): MLP {
  try {
    const mlp = new MLP(mlpConfig(model, data));
    mlp.compile({ optimizer: defined({ ...training.optimizer }) as OptimizerSpec });
    return mlp;
  } catch (error) {
    return asConfigError(error, model.hidden.length);
  }
}

export function fitOptions(training: TrainingConfig, validation: Dataset | undefined, callbacks: Callback[] = []): FitOptions {
  const all = [...callbacks];
  if (training.earlyStopping !== undefined) all.push(earlyStopping(defined({ ...training.earlyStopping })));
  return defined({
    epochs: training.epochs,
    batchSize: training.batchSize,
    seed: training.seed,
    lrSchedule: training.schedule as ScheduleSpec | undefined,
    validationData: validation === undefined ? undefined : ([validation.x, validation.y] as FitOptions['validationData']),
    callbacks: all,
    augment: training.augment === undefined ? undefined : defined({ ...training.augment }),
  });
}
