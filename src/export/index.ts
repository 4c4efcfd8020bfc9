// Exports of a trained model to other runtimes' formats (re-exports only).
export type { ExportOptions } from './exported-layers.ts';
export { ONNX_INPUT, ONNX_OUTPUT, toOnnx } from './onnx.ts';
export { ONNX_OPSET } from './onnx-messages.ts';
export { TFJS_WEIGHTS_FILE, toTfjs, type TfjsArtifacts, type TfjsModelJson, type TfjsWeightSpec } from './tfjs.ts';
