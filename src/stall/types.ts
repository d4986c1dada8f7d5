// What the stall detector knows about a run: fed events (trace, watcher,
// ticks), it answers with a verdict and a summary the rules read.
import type { ModuleState, RequestState, Stall, Suspect } from "../report/schema.js";

export interface DetectorOptions {
  /** No progress (bytes or trace line) for this long on an outstanding request: stalled. */
  stallTimeoutMs: number;
  /** A zip moving below this many bytes/s is reported slow (not killed). */
  slowThresholdBps: number;
  /**
   * "watched" (default): a zip's body is in flight from its `200 OK` until the
   * cache watcher reports `zip-done` (or go exits 0). "trace-only" (a saved log,
   * no watcher): the trace cannot see bodies, so a zip ends at its end line.
   */
  zipBodies?: "watched" | "trace-only";
}

export interface VcsCommandState {
  command: string;
  dir?: string;
  /** Repository URL from the `# git3 URL` comment for `dir`. */
  repo?: string;
  startedMs: number;
  endedMs?: number;
  seconds?: number;
  /** Bytes of partial packs seen in `dir` (a git fetch receiving), when any were. */
  bytes?: number;
}

export interface LockWaitState {
  file: string;
  holderPid?: number;
  holderCommand?: string;
  sinceMs: number;
}

export interface GoErrorState {
  module?: string;
  version?: string;
  message: string;
  /** Indented continuation lines (server response: ...). */
  details: string[];
}

/** A warning go printed and went on after (a retracted version), with the advice lines under it. */
export interface GoWarningState {
  kind: "retracted";
  module: string;
  version: string;
  /** The module author's rationale, as go printed it. */
  reason?: string;
  message: string;
  /** Advice printed under it (`to switch ...`, `\tgo get MOD@latest`). */
  details: string[];
}

export type Verdict =
  | { kind: "running" }
  | { kind: "stalled"; stall: Stall }
  | { kind: "done" }
  | { kind: "failed"; code: number | null; signal?: string };

/** Everything the rules and reporters need from the trace, with times relative to the start. */
export interface TraceSummary {
  startedMs: number;
  endedMs?: number;
  /** Milliseconds since the start of the last event that showed progress. */
  lastProgressMs: number;
  modules: ModuleState[];
  /** Requests without an end line (or zips not yet complete), oldest first. */
  outstanding: RequestState[];
  /** Every request seen, in start order (bounded: the detector keeps the most recent N). */
  requests: RequestState[];
  vcs: VcsCommandState[];
  lockWaits: LockWaitState[];
  errors: GoErrorState[];
  /** Warnings go went on after (retracted versions); absent when there were none. */
  warnings?: GoWarningState[];
  toolchain: string[];
  exit?: { code: number | null; signal?: string };
  stall?: Stall;
  /**
   * Items idle for the stall timeout while the run as a whole still moves (a
   * partial stall: shown, but the run is not judged stalled), most idle first.
   */
  stuck?: Suspect[];
  /** Whether events carried real time (live runs, timestamped logs); analyze of plain logs does not. */
  timed: boolean;
  /**
   * Zips that completed, but whose body arrived below the slow threshold
   * (average over the body, at least a second long). A finished module's
   * state is `done`, so without this a slow download that ended is not seen.
   */
  slowDone?: { module: string; version: string; bytes: number; bytesPerSecond: number; bodyMs: number }[];
}
