// The y-axis title of a study's objective, from the metric its settings name.
import type { StudyData } from '../study-data.ts';

export function valueLabel(study: StudyData): string {
  switch (study.settings?.metric) {
    case 'accuracy':
      return 'Validation accuracy (fraction correct)';
    case 'loss':
      return 'Validation loss';
    default:
      return `Objective value (${study.direction === 'maximize' ? 'higher' : 'lower'} is better)`;
  }
}
