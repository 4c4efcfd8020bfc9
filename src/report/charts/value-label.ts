// The y-axis title of a study's objective, from the metric its settings name.
import type { StudyData } from '../study-data.ts';

export function valueLabel(study: StudyData): string {
  switch (study.settings?.metric) {
    case 'accuracy':
      return 'Validation accuracy (fraction correct)';
    case 'loss':
      return 'Validation loss';
    case 'r2':
      return 'Validation R² (1 is a perfect fit)';
    case 'rmse':
    case 'mae':
    case 'mse':
      return `Validation ${study.settings.metric.toUpperCase()}`;
    default:
      return `Objective value (${study.direction === 'maximize' ? 'higher' : 'lower'} is better)`;
  }
}
