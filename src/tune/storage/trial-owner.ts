// The process that runs a trial, recorded with the trial when it starts running (the storage
// stamps its own process: the one that asks is the one that runs the objective or hands it to
// its worker threads). A trial whose owner is provably dead, that is on this host with its pid
// gone, is an orphan at once; an owner on another host can only be judged by its heartbeats.
// A pid reused by a new process only makes a dead owner look alive: the grace still applies.
// Containers that share a host name but not a pid namespace would take each other's live trials
// for orphans: give each its own host name (Docker's default).
import { hostname } from 'node:os';

export interface TrialOwner {
  host: string;
  pid: number;
}

const HOST = hostname();

export function thisProcess(): TrialOwner {
  return { host: HOST, pid: process.pid };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the owner ran on this host and its process is gone. */
export function ownerIsGone(host: string | null, pid: number | null): boolean {
  if (host !== HOST || pid === null || !Number.isSafeInteger(pid) || pid <= 0) return false;
  return pid !== process.pid && !processAlive(pid);
}

/** The failReason of a trial whose owner died. */
export function orphanReason(host: string, pid: number): string {
  return `orphaned: its process (pid ${pid} on ${host}) is gone`;
}
