// hyperprop's public API (re-exports only).
export type {
  AdagradOptions,
  AdagradState,
  AdamOptions,
  AdamState,
  Backend,
  BackendChoice,
  BackendName,
  RmspropOptions,
  RmspropState,
  SgdOptions,
  SgdState,
} from './backend/backend.ts';
export { ACTIVATION_CODES, KERNEL_NAMES, type ElementwiseActivation } from './backend/kernel-codes.ts';
export { BACKEND_PRIORITY, backendInfo, createBackend, getBackend, setBackend, type BackendFailure, type BackendInfo } from './backend/registry.ts';
export { seedRandomState } from './random/seed.ts';
export { BackendUnavailableError } from './errors.ts';
