// hyperprop/data: datasets, CSV, scalers, one-hot targets, splits and the bundled datasets.
export { Dataset, type DatasetParts, type FromArraysOptions, type Targets, type Task } from './dataset.ts';
export { loadCsv, parseCsv, type ColumnRef, type CsvFileOptions, type CsvOptions } from './csv.ts';
export { StandardScaler, type StandardScalerJSON, type StandardScalerOptions } from './standard-scaler.ts';
export { MinMaxScaler, type MinMaxScalerJSON, type MinMaxScalerOptions } from './min-max-scaler.ts';
export type { ScalerInput } from './scaler-input.ts';
export { oneHot } from './one-hot.ts';
export { splitByIndices, trainTestSplit, type Split, type SplitIndices, type SplitOptions } from './split.ts';
export { DIGITS_MAX_PIXEL, IRIS_CLASSES, WINE_CLASSES, loadDigits, loadDigitsSplit, loadFriedman1, loadIris, loadWine, type DigitsOptions } from './builtin.ts';
