// One-hot targets: row i has a 1 in column labels[i] and 0 elsewhere (rows × classes).
import { rangeError, typeError } from '../errors.ts';

export function oneHot(labels: Int32Array, classes: number): Float32Array {
  if (!(labels instanceof Int32Array)) throw typeError('labels', 'an Int32Array of class indices', labels);
  if (!Number.isInteger(classes) || classes < 1) throw rangeError('classes', 'a positive integer', classes);
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label < 0 || label >= classes) throw rangeError(`labels[${i}]`, `a class index in [0, ${classes})`, label);
    out[i * classes + label] = 1;
  }
  return out;
}
