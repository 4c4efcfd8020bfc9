// The ONNX messages an exported MLP uses (onnx/onnx.proto, IR version 8 with opset 17), with
// their field numbers: a graph of nodes over float32 tensors, their weights as initializers.
import { ProtobufWriter } from './protobuf-writer.ts';

/** onnx.proto's IR version that goes with opset 17. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

const TENSOR_FLOAT = 1;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  /** Float attributes (alpha, epsilon ...) and int64 ones (transB, axis). */
  floats?: Record<string, number>;
  ints?: Record<string, number>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: Float32Array;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  /** A float32 input or output of shape [batch, width]: the batch is a named free dimension. */
  input: { name: string; width: number };
  output: { name: string; width: number };
}

function attribute(name: string, type: number, write: (attr: ProtobufWriter) => void): ProtobufWriter {
  const attr = new ProtobufWriter().string(1, name);
  write(attr);
  return attr.integer(20, type);
}

function node(spec: OnnxNode): ProtobufWriter {
  const message = new ProtobufWriter();
  for (const input of spec.inputs) message.string(1, input);
  for (const output of spec.outputs) message.string(2, output);
  message.string(3, spec.name).string(4, spec.op);
  for (const [name, value] of Object.entries(spec.floats ?? {})) message.message(5, attribute(name, ATTRIBUTE_FLOAT, (a) => a.float(2, value)));
  for (const [name, value] of Object.entries(spec.ints ?? {})) message.message(5, attribute(name, ATTRIBUTE_INT, (a) => a.integer(3, value)));
  return message;
}

function tensor(spec: OnnxInitializer): ProtobufWriter {
  const message = new ProtobufWriter();
  for (const dim of spec.dims) message.integer(1, dim);
  const raw = new Uint8Array(spec.values.length * 4);
  const view = new DataView(raw.buffer);
  // raw_data is little-endian whatever the platform.
  for (let i = 0; i < spec.values.length; i++) view.setFloat32(i * 4, spec.values[i]!, true);
  return message.integer(2, TENSOR_FLOAT).string(8, spec.name).bytes(9, raw);
}

function valueInfo(name: string, width: number): ProtobufWriter {
  const batch = new ProtobufWriter().string(2, 'batch');
  const features = new ProtobufWriter().integer(1, width);
  const shape = new ProtobufWriter().message(1, batch).message(1, features);
  const tensorType = new ProtobufWriter().integer(1, TENSOR_FLOAT).message(2, shape);
  return new ProtobufWriter().string(1, name).message(2, new ProtobufWriter().message(1, tensorType));
}

/** A ModelProto holding `graph`, as the bytes of a .onnx file. */
export function encodeOnnxModel(graph: OnnxGraph, producer: { name: string; version: string }): Uint8Array {
  const g = new ProtobufWriter();
  for (const spec of graph.nodes) g.message(1, node(spec));
  g.string(2, graph.name);
  for (const spec of graph.initializers) g.message(5, tensor(spec));
  g.message(11, valueInfo(graph.input.name, graph.input.width));
  g.message(12, valueInfo(graph.output.name, graph.output.width));
  const opset = new ProtobufWriter().string(1, '').integer(2, ONNX_OPSET);
  return new ProtobufWriter()
    .integer(1, ONNX_IR_VERSION)
    .string(2, producer.name)
    .string(3, producer.version)
    .message(7, g)
    .message(8, opset)
    .finish();
}
