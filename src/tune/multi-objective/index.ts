// Several objectives and constraints: the Pareto front, feasibility, the study's directions.
export { bestTrials, dominates, leastViolating, paretoFront } from './pareto.ts';
export { checkConstraints, isFeasible, totalViolation, trialConstraints } from './constraints.ts';
export { studyDirections } from './directions.ts';
