// tune: the study (name, metric, direction, seed, storage), its search space, sampler and
// pruner, and the budget (trials, total epochs or time; epochs per trial is the resource
// Hyperband divides). `compare` runs several strategies on the same budget, one study each.
import { z } from 'zod';
import { addRule, integer, nonNegativeInt, positive, positiveInt, seed } from './rules.ts';
import { spaceSchema } from './space-schema.ts';
import { checkHeartbeatOptions } from '../tune/heartbeats.ts';
import { MLP_METRICS } from '../tune/objectives/metric-value.ts';

export const samplerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('random'), seed: seed.optional() }),
  /** Every point of the space; continuous floats are cut into `points` values (log-spaced on a log scale). */
  z.strictObject({ type: z.literal('grid'), points: integer(2, 100).default(3) }),
  /** Bayesian optimisation with a Gaussian process. */
  z.strictObject({ type: z.literal('gp'), seed: seed.optional(), nStartupTrials: positiveInt.optional() }),
  /** The tree-structured Parzen estimator, with Optuna's TPESampler options and TPESampler's defaults (see TPESamplerOptions). */
  z.strictObject({
    type: z.literal('tpe'),
    seed: seed.optional(),
    nStartupTrials: nonNegativeInt.default(10),
    nEiCandidates: positiveInt.default(48),
    priorWeight: positive.default(1),
    considerPrior: z.boolean().default(true),
    considerMagicClip: z.boolean().default(true),
    considerEndpoints: z.boolean().default(false),
    multivariate: z.boolean().default(false),
    constantLiar: z.boolean().default(false),
    /** Optuna 3.1.0's scoring: continuous kernels without their 1/σ (more exploitative). */
    equalKernelHeights: z.boolean().default(true),
  }),
  /** NSGA-II for several objectives, with Optuna's NSGAIISampler defaults (see NSGAIISamplerOptions). */
  z.strictObject({
    type: z.literal('nsga2'),
    seed: seed.optional(),
    populationSize: integer(2).default(50),
    /** Default 1 / number of parameters. */
    mutationProb: z.number().min(0).max(1).optional(),
    crossoverProb: z.number().min(0).max(1).default(0.9),
    crossover: z.enum(['uniform', 'sbx']).default('uniform'),
    sbxEta: z.number().min(0).default(20),
  }),
  /** ParEGO: a random augmented Chebyshev scalarisation per trial, proposed by the GP (see ParEGOSamplerOptions). */
  z.strictObject({ type: z.literal('parego'), seed: seed.optional(), nStartupTrials: positiveInt.optional(), rho: z.number().min(0).default(0.05) }),
]);

export const prunerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('median'), nStartupTrials: nonNegativeInt.optional(), nWarmupSteps: nonNegativeInt.optional() }),
  z.strictObject({ type: z.literal('percentile'), percentile: z.number().min(0).max(100), nStartupTrials: nonNegativeInt.optional(), nWarmupSteps: nonNegativeInt.optional() }),
  z.strictObject({ type: z.literal('successiveHalving'), minResource: positiveInt.default(1), reductionFactor: integer(2).default(3) }),
  /** maxResource is tune.epochs. */
  z.strictObject({ type: z.literal('hyperband'), minResource: positiveInt.default(1), reductionFactor: integer(2).default(3) }),
]);

/** The library's HeartbeatOptions, with its names and defaults (the rule graceMs > intervalMs is checked on tune). */
export const heartbeatSchema = z.strictObject({
  intervalMs: positiveInt.optional(),
  graceMs: positiveInt.optional(),
  maxRetries: nonNegativeInt.optional(),
});

/** What a config or the command line leaves out. */
export const HEARTBEAT_DEFAULTS = checkHeartbeatOptions({});

export const strategySchema = z.strictObject({
  sampler: samplerSchema.default({ type: 'random' }),
  pruner: prunerSchema.default({ type: 'none' }),
});

export const tuneSchema = z
  .strictObject({
    /** The study's name in the storage (with compare: the prefix, `<study>/<strategy>`). */
    study: z.string().min(1).default('hyperprop'),
    /** Default: accuracy for classification, r2 for regression (see tune-metric.ts). */
    metric: z.enum(MLP_METRICS).optional(),
    /** Default: maximize for accuracy and r2, minimize for loss, rmse, mae and mse. */
    direction: z.enum(['minimize', 'maximize']).optional(),
    /** Several objectives instead of metric: a validation metric, then params (the model's parameter count); see tune-metric.ts. */
    metrics: z.array(z.enum([...MLP_METRICS, 'params'])).min(2).optional(),
    /** Epochs a trial may train: the resource Hyperband and successive halving divide. */
    epochs: positiveInt.max(10_000).default(27),
    trials: positiveInt.optional(),
    /** Stop once this many epochs have been spent over all trials. */
    budgetEpochs: positiveInt.optional(),
    /** Start no trial after this many seconds. */
    timeout: positive.optional(),
    /** Trials in flight at once. */
    parallelism: positiveInt.max(64).default(1),
    /** inline: trials interleave on the main thread; threads: one worker thread per parallel trial. Default: threads when parallelism > 1. */
    executor: z.enum(['inline', 'threads']).optional(),
    seed: seed.default(0),
    /** A SQLite file (`study.db`, `sqlite:study.db`) or `memory:` (default); the --storage option wins. */
    storage: z.string().min(1).optional(),
    /**
     * Trials in a storage that several processes share: how often each running trial beats (ms),
     * how long without a beat before another process fails it and queues a retry (ms, default
     * 6 × intervalMs), and how often one trial is retried. The --heartbeat-* options win.
     */
    heartbeat: heartbeatSchema.optional(),
    /**
     * One seed, one study: the same trials, values, prune decisions and best trial at any
     * parallelism and timing (a logical clock, src/tune/reproducible/). false turns it off; an
     * object sets the clock's virtual workers (default 4) or the wait bound in ms.
     */
    reproducible: z.union([z.boolean(), z.strictObject({ logicalWorkers: positiveInt.max(64).optional(), waitTimeoutMs: positive.optional() })]).default(true),
    /** Default: lr, units, l2, batchSize and activation as defaultMlpSpace. */
    space: spaceSchema.optional(),
    sampler: samplerSchema.default({ type: 'random' }),
    pruner: prunerSchema.default({ type: 'none' }),
    /** Strategies to run one after another on the same budget, instead of sampler/pruner. */
    compare: z.record(z.string().regex(/^[A-Za-z0-9_+-]+$/), strategySchema).optional(),
  })
  .superRefine((tune, ctx) => {
    const finite = tune.sampler.type === 'grid' || Object.values(tune.compare ?? {}).some((s) => s.sampler.type === 'grid');
    if (tune.trials === undefined && tune.budgetEpochs === undefined && tune.timeout === undefined && !finite) {
      addRule(ctx, ['trials'], 'given (or budgetEpochs or timeout) so the study ends', tune.trials);
    }
    if (tune.compare !== undefined && Object.keys(tune.compare).length === 0) addRule(ctx, ['compare'], 'a non-empty map of strategies', tune.compare);
    const beat = tune.heartbeat;
    if (beat?.graceMs !== undefined && beat.graceMs <= (beat.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs)) {
      addRule(ctx, ['heartbeat', 'graceMs'], `> tune.heartbeat.intervalMs (${beat.intervalMs ?? `${HEARTBEAT_DEFAULTS.intervalMs}, the default`})`, beat.graceMs);
    }
    const pruners = [['pruner', tune.pruner] as const, ...Object.entries(tune.compare ?? {}).map(([name, s]) => [`compare.${name}.pruner`, s.pruner] as const)];
    for (const [where, pruner] of pruners) {
      if ((pruner.type === 'hyperband' || pruner.type === 'successiveHalving') && pruner.minResource > tune.epochs) {
        addRule(ctx, [...where.split('.'), 'minResource'], `<= tune.epochs (${tune.epochs})`, pruner.minResource);
      }
    }
  });

export type TuneConfig = z.infer<typeof tuneSchema>;
export type SamplerConfig = z.infer<typeof samplerSchema>;
export type PrunerConfig = z.infer<typeof prunerSchema>;
export type StrategyConfig = z.infer<typeof strategySchema>;
