// What `hyperprop worker` does once its arguments are parsed; commands/worker.ts declares the
// command and loads this module only when the command runs.
import { configFromArgument } from '../config-argument.ts';
import { Output } from '../output.ts';
import { runWorkerCommand } from '../worker-run.ts';
import type { HeartbeatFlags } from '../heartbeat-options.ts';

export interface WorkerOptions extends HeartbeatFlags {
  storage: string;
  study?: string;
  parallelism?: number;
  trials?: number;
  json?: boolean;
  quiet?: boolean;
}

export async function workerAction(configPath: string | undefined, options: WorkerOptions): Promise<void> {
  const output = new Output(options);
  const summary = await runWorkerCommand(configPath === undefined ? undefined : configFromArgument(configPath), options, output);
  const finished = Object.entries(summary.finished).map(([state, n]) => `${n} ${state}`).join(', ') || 'no trials';
  output.result(`${summary.study}: this worker finished ${finished}${summary.lost > 0 ? `, lost ${summary.lost} to other workers` : ''}${summary.released.length > 0 ? `, released ${summary.released.length}` : ''} (${summary.reason === 'budget' ? 'budget spent' : 'stopped by a signal'})`);
  output.document(summary);
  // A released trial's objective may still be computing in this thread: once the output
  // is out, it must not keep the stopped worker alive (its retry runs elsewhere).
  if (summary.reason === 'signal') setTimeout(() => process.exit(), 1_000).unref();
}

