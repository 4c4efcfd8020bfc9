// model + training sections → an MLP and its fit options. The library checks the combination
// (a loss that needs another output activation, say) and names its own fields; those names are
// mapped back to the config's paths so the user sees where to fix it.
import type { Dataset } from '../data/dataset.ts';
import { ConfigError } from '../errors.ts';
import type { LayerConfig, MLPConfig } from '../nn/config.ts';
import { MLP } from '../nn/mlp.ts';
import type { OptimizerSpec } from '../nn/optimizers/index.ts';
import type { Callback, FitOptions } from '../train/fit.ts';
import { earlyStopping } from '../train/callbacks/early-stopping.ts';
import type { ScheduleSpec } from '../train/schedules.ts';
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

/** Rewrites the library's field names (`layers[2].units`) as config paths (`model.hidden[2].units`). */
function configPathOf(message: string, hiddenCount: number): string {
  return message
    .replace(/^layers\[(\d+)\]/, (_, i: string) => (Number(i) < hiddenCount ? `model.hidden[${i}]` : 'model.output'))
    .replace(/^(loss|regularization|inputDropout)\b/, 'model.$1')
    .replace(/^optimizer\b/, 'training.optimizer')
    .replace(/^lrSchedule\b/, 'training.schedule');
}

export function asConfigError(error: unknown, hiddenCount: number): never {
  if (error instanceof RangeError || error instanceof TypeError) {
    const message = configPathOf(error.message, hiddenCount);
    throw new ConfigError([{ path: message.split(' ')[0]!, message }]);
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
