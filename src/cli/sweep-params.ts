// The hyperparameters `hyperprop sweep` can vary, and where each lives in a config. Apart from
// sweep-run.ts, so the command's --help can list them without loading the training code.
import type { Config } from '../config/schema.ts';

export const SWEEP_SETTERS: Record<string, (config: Config, value: number) => void> = {
  lr: (c, v) => (c.training.optimizer.lr = v),
  batchSize: (c, v) => (c.training.batchSize = v),
  epochs: (c, v) => (c.training.epochs = v),
  units: (c, v) => c.model.hidden.forEach((layer) => (layer.units = v)),
  dropout: (c, v) => c.model.hidden.forEach((layer) => (layer.dropout = v)),
  l2: (c, v) => (c.model.regularization = { ...c.model.regularization, l2: v }),
  noise: (c, v) => (c.training.augment = { ...c.training.augment, noise: v }),
  mixup: (c, v) => (c.training.augment = { ...c.training.augment, mixup: v }),
};
export const SWEEP_PARAMS = Object.keys(SWEEP_SETTERS);
