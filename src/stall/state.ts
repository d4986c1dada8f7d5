// The detector's state. Immutable: `reduce` returns a new state and shares
// what did not change, so a past state stays valid (replays, tests). Times
// inside are absolute (the caller's clock); the summary makes them relative.
import type { RequestKind } from "../trace/events.js";
import type { Stall } from "../report/schema.js";
import type { DetectorOptions, GoErrorState, VcsCommandState } from "./types.js";
import { emptyHistory, type History } from "./history.js";

export interface Sample {
  t: number;
  bytes: number;
}

/** One request of the trace, from its `# get` line. */
export interface RequestEntry {
  seq: number;
  url: string;
  kind: RequestKind;
  module?: string;
  version?: string;
  startedAt: number;
  /** The end line (`200 OK`, `404`, an error): headers arrived or the request failed. */
  endedAt?: number;
  status?: number;
  error?: string;
  /** Last sign of life: start, end line, zip bytes growth. */
  progressAt: number;
  /** Zip body bytes (from the `.tmp` size); starts at the resume offset. */
  bytes: number;
  /** The watcher saw the `.zip` (it may come before the end line is read). */
  bodyDone: boolean;
}

export interface ModuleEntry {
  path: string;
  version: string;
  progressAt: number;
  bytes: number;
  /** Bytes samples of the zip in flight, for throughput (bounded window). */
  samples: readonly Sample[];
  zipDone: boolean;
  /** A request for it ended 2xx. */
  answered: boolean;
  /** A request for it ended with an error or non-2xx (go may still fall through to the next proxy). */
  requestFailed: boolean;
  /** From a `go: MOD@VER: ...` line or a -json result: the module failed. */
  error?: string;
  result?: "done" | "failed";
}

export interface LockWaitEntry {
  file: string;
  holderPid?: number;
  holderCommand?: string;
  sinceAt: number;
}

export interface DetectorState {
  readonly options: Required<DetectorOptions>;
  readonly t0: number;
  readonly now: number;
  readonly seq: number;
  /** Last event that showed the go process moving. */
  readonly progressAt: number;
  /** Kind of that event: silence after an error line is go ending, not a stall. */
  readonly progressKind: string;
  /** Kind of the last trace line: error details attach only right after an error. */
  readonly lastLineKind: string;
  /** Requests without an end line, and zips whose body is in flight. Small (go's concurrency). */
  readonly open: readonly RequestEntry[];
  readonly closed: History<RequestEntry>;
  readonly modules: ReadonlyMap<string, ModuleEntry>;
  readonly vcs: readonly VcsCommandState[];
  readonly vcsRepos: ReadonlyMap<string, string>;
  readonly lockWaits: readonly LockWaitEntry[];
  readonly errors: readonly GoErrorState[];
  readonly toolchain: readonly string[];
  readonly exit?: { code: number | null; signal?: string; at: number };
  /** The stall as it stood when go exited non-zero (the tool ended it, or it died). */
  readonly finalStall?: Stall;
  readonly finalLockWaits?: readonly LockWaitEntry[];
}

export const LIMITS = {
  vcs: 500,
  errors: 200,
  details: 20,
  toolchain: 20,
  lockWaits: 50,
  samples: 64,
  /** Throughput window. */
  windowMs: 10_000,
} as const;

export function createState(options: DetectorOptions, t0: number): DetectorState {
  return {
    options: {
      stallTimeoutMs: options.stallTimeoutMs,
      slowThresholdBps: options.slowThresholdBps,
      zipBodies: options.zipBodies ?? "watched",
      maxRequests: options.maxRequests ?? 2000,
    },
    t0,
    now: t0,
    seq: 0,
    progressAt: t0,
    progressKind: "start",
    lastLineKind: "start",
    open: [],
    closed: emptyHistory(),
    modules: new Map(),
    vcs: [],
    vcsRepos: new Map(),
    lockWaits: [],
    errors: [],
    toolchain: [],
  };
}

export function moduleKey(path: string, version: string): string {
  return `${path}@${version}`;
}

/** A copy of `modules` with one entry replaced (created from `fresh` when absent). */
export function withModule(
  state: DetectorState,
  path: string,
  version: string,
  update: (m: ModuleEntry) => ModuleEntry,
): ReadonlyMap<string, ModuleEntry> {
  const key = moduleKey(path, version);
  const current = state.modules.get(key) ?? {
    path,
    version,
    progressAt: state.now,
    bytes: 0,
    samples: [],
    zipDone: false,
    answered: false,
    requestFailed: false,
  };
  const next = new Map(state.modules);
  next.set(key, update(current));
  return next;
}

/** Append, dropping the oldest past `cap`. */
export function capped<T>(list: readonly T[], item: T, cap: number): readonly T[] {
  const out = list.length >= cap ? list.slice(list.length - cap + 1) : list.slice();
  out.push(item);
  return out;
}
