// Scores of a whole prediction set, for evaluation reports (the per-epoch, allocation-free
// metrics of training are ../../nn/metrics.ts).
export { LOG_LOSS_EPSILON, binaryLogLoss, logLoss } from './log-loss.ts';
export { accuracyOf, confusionMatrix } from './confusion-matrix.ts';
export { precisionRecallF1, type ClassScores, type PrecisionRecall } from './precision-recall.ts';
export { regressionScores, type RegressionScores } from './regression-scores.ts';
