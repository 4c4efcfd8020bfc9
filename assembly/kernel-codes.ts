// Generated from src/backend/kernel-codes.ts by `npm run gen:codes`. Do not edit.

export const ACT_IDENTITY: i32 = 0;
export const ACT_SIGMOID: i32 = 1;
export const ACT_TANH: i32 = 2;
export const ACT_RELU: i32 = 3;
export const ACT_LEAKY_RELU: i32 = 4;
export const ACT_ELU: i32 = 5;
export const ACT_SELU: i32 = 6;
export const ACT_SOFTPLUS: i32 = 7;
export const ACT_PRELU: i32 = 8;
export const ACT_SOFTMAX: i32 = 9;

export const DENSE_GRADIENT_GIVEN: i32 = 1;
export const DENSE_INPUT_GRADIENT: i32 = 2;
export const BATCH_NORM_TRAINING: i32 = 1;

export const DENSE_STACK_HEADER: i32 = 2;
export const DENSE_STACK_STRIDE: i32 = 8;
export const DENSE_STACK_LAYERS: i32 = 0;
export const DENSE_STACK_RESULT: i32 = 1;
export const DENSE_STACK_INPUTS: i32 = 0;
export const DENSE_STACK_UNITS: i32 = 1;
export const DENSE_STACK_WEIGHTS: i32 = 2;
export const DENSE_STACK_BIAS: i32 = 3;
export const DENSE_STACK_SLOPES: i32 = 4;
export const DENSE_STACK_ACTIVATION: i32 = 5;
export const DENSE_STACK_ALPHA: i32 = 6;

export const SELU_ALPHA: f32 = 1.6732632423543772;
export const SELU_SCALE: f32 = 1.0507009873554805;
