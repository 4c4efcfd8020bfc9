// How a command talks: progress bars on a terminal, plain lines when stdout is piped, nothing
// but the summary with --quiet, and nothing but one JSON document on stdout with --json (then
// progress lines, unless --quiet, go to stderr so the JSON still parses).
import type { Writable } from 'node:stream';

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

export type ProgressMode = 'bars' | 'lines' | 'none';

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress: ProgressMode;
  /** Where progress and human-readable lines go. */
  readonly log: Writable;

  constructor(options: OutputOptions, readonly stdout: Writable = process.stdout, readonly stderr: Writable = process.stderr) {
    this.json = options.json === true;
    this.quiet = options.quiet === true;
    this.log = this.json ? stderr : stdout;
    const tty = (this.log as Writable & { isTTY?: boolean }).isTTY === true;
    this.progress = this.quiet ? 'none' : tty && !this.json ? 'bars' : 'lines';
  }

  /** A human-readable line (suppressed with --quiet). */
  line(text = ''): void {
    if (!this.quiet) this.log.write(`${text}\n`);
  }

  /** A result line: shown even with --quiet, but not in --json mode (the JSON carries it). */
  result(text: string): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** The --json document. */
  document(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}
