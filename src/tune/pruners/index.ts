// The pruners: predicates fed by trial.report(value, step), each reading only the StudyView.
export {
  type HyperbandBracket,
  type HyperbandResourceOptions,
  type HyperbandRound,
  hyperbandBrackets,
  hyperbandTotalConfigurations,
  hyperbandTotalResource,
} from './hyperband-brackets.ts';
export { type HyperbandOptions, HyperbandPruner } from './hyperband-pruner.ts';
export { type MedianOptions, MedianPruner } from './median-pruner.ts';
export { NopPruner } from './nop-pruner.ts';
export { type PercentileOptions, PercentilePruner } from './percentile-pruner.ts';
export { type SuccessiveHalvingOptions, SuccessiveHalvingPruner } from './successive-halving-pruner.ts';
