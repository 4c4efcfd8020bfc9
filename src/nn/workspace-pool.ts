// The workspaces an MLP keeps, bounded whatever batch sizes it is called with: a server that
// predicts requests of every size, or trains on batches of changing size, holds the buffers of
// its largest batch (inference: of its largest chunk), not one set per size. This matters most
// on wasm, whose memory never shrinks.
import type { Backend } from '../backend/backend.ts';
import type { ResolvedConfig } from './config.ts';
import { createWorkspace, releaseWorkspace, viewWorkspace, workspaceRowFloats, type Workspace } from './workspace.ts';

/**
 * Past this many rows a new set of buffers holds the batch exactly: rounding a full-batch
 * computeGradients on a large dataset up to a power of two could nearly double its memory.
 */
const EXACT_ROWS = 4096;

/**
 * The most rows one inference pass takes (more are predicted chunk by chunk). A pass of plain
 * dense layers reads the caller's rows in place in one backend call, while a chunk is first
 * copied (and checked) into the workspace: at 512 rows, M's batch-1024 predictInto ran at 0.65×
 * the speed of one 1,024-row call. 2,048 rows keep M's inference workspace at 22.5 MB (4,096
 * would take 45 MB; INFERENCE_BYTES bounds wide models either way).
 */
export const INFERENCE_ROWS = 2048;
/** The most bytes an inference workspace may take: wide layers get fewer rows per chunk. */
export const INFERENCE_BYTES = 64 * 1024 * 1024;

/** Rows per inference chunk: INFERENCE_ROWS, or fewer so the workspace fits INFERENCE_BYTES (at least 1). */
export function inferenceChunkRows(config: ResolvedConfig, stackScratchPerRow: number): number {
  const rowBytes = 4 * workspaceRowFloats(config, stackScratchPerRow);
  return Math.max(1, Math.min(INFERENCE_ROWS, Math.floor(INFERENCE_BYTES / rowBytes)));
}

/**
 * Workspaces for any batch size up to `maxRows` rows from one set of buffers: those of the
 * largest batch seen (rounded up to a power of two up to EXACT_ROWS rows), viewed for smaller
 * batches (one view per power of two, so a batch of r rows runs in a workspace of fewer than 2r
 * rows and Network's whole-buffer copies stay proportional to it). A size seen before allocates
 * nothing; a larger one replaces the buffers and releases the old. While pinned (a fit running,
 * which holds its workspace across user callbacks), released buffers wait for the last unpin.
 */
export class WorkspacePool {
  private base: Workspace | undefined;
  private readonly views = new Map<number, Workspace>();
  private pins = 0;
  private readonly retired: Workspace[] = [];

  constructor(
    private readonly backend: Backend,
    private readonly config: ResolvedConfig,
    /** Batches of more rows must be split by the caller. */
    readonly maxRows: number,
    private readonly stackScratchPerRow = 0,
  ) {}

  /** A workspace for up to min(rows, maxRows) rows. */
  get(rows: number): Workspace {
    const capacity = capacityFor(rows, this.maxRows);
    const rowsNeeded = Math.min(rows, this.maxRows);
    const cached = this.views.get(capacity);
    if (cached !== undefined && cached.capacity >= rowsNeeded) return cached;
    let base = this.base;
    if (!base || base.capacity < rowsNeeded) {
      if (base) this.retire(base);
      this.views.clear();
      base = createWorkspace(this.backend, this.config, capacity > EXACT_ROWS ? rowsNeeded : capacity, this.stackScratchPerRow);
      this.base = base;
    }
    // Past EXACT_ROWS the base may hold fewer rows than the power of two, yet enough.
    const ws = capacity >= base.capacity ? base : viewWorkspace(base, capacity);
    this.views.set(capacity, ws);
    return ws;
  }

  /** Keeps every workspace handed out valid until the matching unpin. */
  pin(): void {
    this.pins++;
  }

  unpin(): void {
    this.pins--;
    if (this.pins > 0) return;
    for (const ws of this.retired) releaseWorkspace(this.backend, ws);
    this.retired.length = 0;
  }

  private retire(ws: Workspace): void {
    if (this.pins > 0) this.retired.push(ws);
    else releaseWorkspace(this.backend, ws);
  }
}

/** The next power of two at or above min(rows, maxRows), at most maxRows. */
function capacityFor(rows: number, maxRows: number): number {
  const wanted = Math.min(rows, maxRows);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the power-of-two formula also gives 1 for 0 and 1 rows
  if (wanted <= 1) return 1;
  if (wanted > 1 << 30) return wanted;
  return Math.min(maxRows, 1 << (32 - Math.clz32(wanted - 1)));
}
