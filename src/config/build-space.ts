// tune.space → the MLP objective's define-by-run space. A key given as a distribution is
// suggested under its own name; a fixed value is used as is (not a parameter); a key left out
// takes its value from the model and training sections, so `training.batchSize: 64` still
// holds while only lr is tuned. Without a space, the default one (as defaultMlpSpace) is used.
import type { OptimizerName } from '../nn/optimizers/index.ts';
import type { HiddenActivation, MlpHyperparameters, MlpSpace } from '../tune/objectives/default-space.ts';
import { DEFAULT_ACTIVATIONS } from '../tune/objectives/default-space.ts';
import type { Trial } from '../tune/trial.ts';
import type { Distribution, ParamValue } from '../tune/types.ts';
import type { ModelConfig } from './model-schema.ts';
import type { ParamSpec, SpaceConfig, SpaceValue } from './space-schema.ts';
import type { TrainingConfig } from './training-schema.ts';

/** defaultMlpSpace's ranges, written as a config. */
export const DEFAULT_SPACE: SpaceConfig = {
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  units: { type: 'categorical', choices: [16, 32, 64, 128, 256] },
  l2: { type: 'float', low: 1e-6, high: 1e-1, log: true },
  batchSize: { type: 'categorical', choices: [16, 32, 64, 128] },
  activation: { type: 'categorical', choices: [...DEFAULT_ACTIVATIONS] },
};

export function toDistribution(spec: ParamSpec): Distribution {
  if (spec.type === 'categorical') return { type: 'categorical', choices: spec.choices };
  if (spec.type === 'int') return { type: 'int', low: spec.low, high: spec.high, log: spec.log, step: spec.step };
  return spec.step === undefined ? { type: 'float', low: spec.low, high: spec.high, log: spec.log } : { type: 'float', low: spec.low, high: spec.high, log: spec.log, step: spec.step };
}

async function draw(trial: Trial, name: string, value: SpaceValue): Promise<ParamValue> {
  return typeof value === 'object' ? trial.suggest(name, toDistribution(value)) : value;
}

/** The values a key takes when the space leaves it out. */
function fallbacks(model: ModelConfig, training: TrainingConfig): Required<Omit<SpaceConfig, 'dropout' | 'noise' | 'mixup'>> & { dropout: number; noise: number; mixup: number } {
  const first = model.hidden[0];
  const activation = first !== undefined && (DEFAULT_ACTIVATIONS as readonly string[]).includes(first.activation) ? first.activation : 'relu';
  return {
    lr: training.optimizer.lr ?? 1e-3,
    l2: model.regularization?.l2 ?? 0,
    dropout: first?.dropout ?? 0,
    layers: Math.min(3, Math.max(1, model.hidden.length)),
    units: first?.units ?? 64,
    batchSize: training.batchSize,
    activation,
    optimizer: training.optimizer.type,
    noise: training.augment?.noise ?? 0,
    mixup: training.augment?.mixup ?? 0,
  };
}

/** The space as the parameter names it suggests (units_l{i} per layer when layers may exceed 1). */
export function spaceParams(space: SpaceConfig, model: ModelConfig, training: TrainingConfig): Record<string, SpaceValue> {
  const full = { ...fallbacks(model, training), ...space } as Record<string, SpaceValue>;
  const maxLayers = typeof full.layers === 'object' ? maxOf(full.layers) : (full.layers as number);
  const out: Record<string, SpaceValue> = {};
  for (const [key, value] of Object.entries(full)) {
    if (key === 'units' && maxLayers > 1) for (let l = 0; l < maxLayers; l++) out[`units_l${l}`] = value;
    else out[key] = value;
  }
  return out;
}

function maxOf(spec: ParamSpec): number {
  return spec.type === 'categorical' ? Math.max(...spec.choices.map(Number)) : spec.high;
}

export function buildSpace(space: SpaceConfig | undefined, model: ModelConfig, training: TrainingConfig): MlpSpace {
  const params = spaceParams(space ?? DEFAULT_SPACE, model, training);
  return async (trial) => {
    const layers = Number(await draw(trial, 'layers', params.layers!));
    const units: number[] = [];
    for (let l = 0; l < layers; l++) {
      // Conditional: units_l2 exists only in trials with 3 layers.
      const name = params.units === undefined ? `units_l${l}` : 'units';
      units.push(Number(await draw(trial, name, params[name]!)));
    }
    const dropout = Number(await draw(trial, 'dropout', params.dropout!));
    const noise = Number(await draw(trial, 'noise', params.noise!));
    const mixup = Number(await draw(trial, 'mixup', params.mixup!));
    const hyper: MlpHyperparameters = {
      lr: Number(await draw(trial, 'lr', params.lr!)),
      units,
      l2: Number(await draw(trial, 'l2', params.l2!)),
      batchSize: Number(await draw(trial, 'batchSize', params.batchSize!)),
      activation: (await draw(trial, 'activation', params.activation!)) as HiddenActivation,
      optimizer: (await draw(trial, 'optimizer', params.optimizer!)) as OptimizerName,
      ...(dropout > 0 ? { dropout } : {}),
      ...(noise > 0 ? { noise } : {}),
      ...(mixup > 0 ? { mixup } : {}),
    };
    return hyper;
  };
}
