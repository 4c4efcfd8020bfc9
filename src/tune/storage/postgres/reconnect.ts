// Surviving a lost connection or a database restart: operations that fail for reasons of the
// connection (not of the request) are retried with exponential backoff and jitter until a
// deadline. An attempt number reaches the operation so that a retry can tell whether an earlier
// attempt, whose reply was lost, already committed (see the request tokens in postgres-storage).
import { setTimeout as delay } from 'node:timers/promises';

/** SQLSTATEs and socket errors after which the same request may succeed on a new connection. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '57P01', // admin_shutdown (the server is restarting)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (the server is starting)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

const TRANSIENT_MESSAGES = /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)/i;

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && TRANSIENT_CODES.has(code)) || TRANSIENT_MESSAGES.test(error.message);
}

export interface ReconnectPolicy {
  /** Give up once this many ms have passed since the first failure. */
  timeoutMs: number;
  /** Told about every retry (for logs). */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 2_000;

export async function withReconnect<T>(policy: ReconnectPolicy, isClosed: () => boolean, op: (attempt: number) => Promise<T>): Promise<T> {
  let firstFailure: number | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      firstFailure ??= Date.now();
      if (!isTransient(error) || isClosed() || Date.now() - firstFailure >= policy.timeoutMs) throw error;
      const wait = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
      policy.onRetry?.(error as Error, attempt + 1, Math.round(wait));
      await delay(wait);
    }
  }
}
