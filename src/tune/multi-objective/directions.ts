// A study's directions as samplers and pruners read them: a hand-made view of a single-objective
// study may name `direction` only.
import type { Direction, StudyView } from '../types.ts';

/** One direction per objective: view.directions, else [view.direction]. */
export function studyDirections(view: Pick<StudyView, 'direction' | 'directions'>): readonly Direction[] {
  return view.directions ?? [view.direction];
}
