// --heartbeat-interval-ms, --heartbeat-grace-ms and --heartbeat-max-retries of `tune` and
// `worker`: the library's HeartbeatOptions by their own names. A flag wins over tune.heartbeat of
// the config, and what both leave out takes the library's default. The rule that the grace
// exceeds the interval is checked once both are known, naming where each value came from.
import type { Command } from 'commander';
import type { TuneConfig } from '../config/tune-schema.ts';
import { checkHeartbeatOptions, type HeartbeatOptions } from '../tune/heartbeats.ts';
import { nonNegativeIntegerOption, positiveIntegerOption } from './commands/command.ts';
import { UsageError } from './exit-codes.ts';

// The library's defaults, as the config schema takes them, without loading the schema: the
// options are declared for --help before any config is read.
const HEARTBEAT_DEFAULTS = checkHeartbeatOptions({});

/** What commander parses the three flags into. */
export interface HeartbeatFlags {
  heartbeatIntervalMs?: number;
  heartbeatGraceMs?: number;
  heartbeatMaxRetries?: number;
}

export function addHeartbeatOptions(command: Command): Command {
  return command
    .option(
      '--heartbeat-interval-ms <ms>',
      `how often each running trial beats in the storage (default: tune.heartbeat.intervalMs, else ${HEARTBEAT_DEFAULTS.intervalMs})`,
      positiveIntegerOption('--heartbeat-interval-ms'),
    )
    .option(
      '--heartbeat-grace-ms <ms>',
      'a running trial with no beat for this long is failed and retried by another process (default: tune.heartbeat.graceMs, else 6 x the interval)',
      positiveIntegerOption('--heartbeat-grace-ms'),
    )
    .option(
      '--heartbeat-max-retries <n>',
      `how often one trial is retried after its process died (default: tune.heartbeat.maxRetries, else ${HEARTBEAT_DEFAULTS.maxRetries})`,
      nonNegativeIntegerOption('--heartbeat-max-retries'),
    );
}

type Key = keyof Omit<HeartbeatOptions, 'onError'>;

const FLAGS: Record<Key, [keyof HeartbeatFlags, string]> = {
  intervalMs: ['heartbeatIntervalMs', '--heartbeat-interval-ms'],
  graceMs: ['heartbeatGraceMs', '--heartbeat-grace-ms'],
  maxRetries: ['heartbeatMaxRetries', '--heartbeat-max-retries'],
};

/** The run's HeartbeatOptions: each setting from its flag, else tune.heartbeat, else left to the library's default. */
export function heartbeatOptions(config: TuneConfig['heartbeat'], flags: HeartbeatFlags): HeartbeatOptions {
  const options: HeartbeatOptions = {};
  const from: Partial<Record<Key, string>> = {};
  for (const key of Object.keys(FLAGS) as Key[]) {
    const [flag, name] = FLAGS[key];
    const value = flags[flag] ?? config?.[key];
    if (value === undefined) continue;
    options[key] = value;
    from[key] = flags[flag] !== undefined ? name : `tune.heartbeat.${key}`;
  }
  const interval = options.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs;
  if (options.graceMs !== undefined && options.graceMs <= interval) {
    throw new UsageError(`${from.graceMs} must be greater than the heartbeat interval (${from.intervalMs ?? 'the default'}: ${interval} ms), got ${options.graceMs}`);
  }
  return options;
}
