// Datasets as plain, transferable refs on SharedArrayBuffers: built once on the main thread,
// passed in every task (structured clone of a SharedArrayBuffer shares the memory, copies
// nothing), wrapped in a Dataset by the worker without copying.
import { Dataset } from '../../data/dataset.ts';
import { shareArray } from '../../workers/shared-arrays.ts';

export interface DatasetRef {
  x: Float32Array;
  y: Int32Array | Float32Array;
  features: number;
  /** Regression: values per row; classification: the class count. */
  outputs: number;
  classNames: string[];
}

export interface SharedData {
  train: DatasetRef;
  validation: DatasetRef;
}

/** Copies a dataset's arrays once onto SharedArrayBuffers (no copy if they already are). */
export function shareDataset(d: Dataset): DatasetRef {
  return { x: shareArray(d.x), y: shareArray(d.y), features: d.features, outputs: d.outputs, classNames: [...d.classNames] };
}

/** A Dataset over the ref's arrays (no copy). */
export function datasetFromRef(ref: DatasetRef): Dataset {
  return new Dataset({
    x: ref.x,
    y: ref.y,
    features: ref.features,
    ...(ref.y instanceof Int32Array ? { classNames: ref.classNames } : { outputs: ref.outputs }),
  });
}

/** True when both arrays of every part lie on SharedArrayBuffers. */
export function isShared(data: SharedData): boolean {
  return [data.train, data.validation].every((r) => r.x.buffer instanceof SharedArrayBuffer && r.y.buffer instanceof SharedArrayBuffer);
}
