// The detector's state: plain immutable data, replaced (never mutated) by
// each reduce step; updates share what did not change (persist.ts). Times
// are absolute on the caller's clock; the summary makes them relative to t0.
import type { RequestTarget } from "../trace/events.js";
import type { ModuleState, Stall } from "../report/schema.js";
import type { DetectorOptions, GoErrorState, LockWaitState, VcsCommandState } from "./types.js";
import type { Sample } from "./throughput.js";
import { bucketGet, bucketSet, emptyBucketMap, type BucketMap, type ChunkList } from "./persist.js";

/** Finished requests the summary keeps (the most recent). */
export const MAX_REQUESTS = 2000;

export interface RequestRecord {
  id: number;
  url: string;
  target: RequestTarget;
  startedAt: number;
  /** The end line arrived (headers, or the failure). */
  answeredAt?: number;
  /** The request is over (for a zip: the body too). */
  endedAt?: number;
  lastProgressAt: number;
  bytes: number;
  status?: number;
  error?: string;
}

export interface ModuleRecord {
  /** First-seen order, for a stable summary. */
  seq: number;
  path: string;
  version: string;
  bytes: number;
  samples: Sample[];
  lastBytesAt?: number;
  done: boolean;
  /** go exited (non-zero) while this module still had requests open: its state at that moment. */
  atExit?: ModuleState;
  error?: string;
  /** The zip completed below the slow threshold: its average body rate. */
  slowBody?: { bytesPerSecond: number; bodyMs: number };
}

export type VcsRecord = VcsCommandState & { startedAt: number };

export interface DetectorState {
  options: DetectorOptions;
  t0: number;
  now: number;
  nextId: number;
  lastProgressAt: number;
  /** Requests not yet over, in start order (few: go's concurrency). */
  open: RequestRecord[];
  /** Requests that are over, about the most recent MAX_REQUESTS. */
  closed: ChunkList<RequestRecord>;
  modules: BucketMap<ModuleRecord>;
  moduleCount: number;
  vcs: VcsRecord[];
  vcsRepos: Readonly<Record<string, string>>;
  lockWaits: LockWaitState[];
  errors: GoErrorState[];
  toolchain: string[];
  /** `go mod download -json` objects arrived: go has finished every download. */
  sawResults: boolean;
  /**
   * "build" once go build/test/run printed `WORK=` (-x): the fetches are over
   * and it compiles, when silence is normal (a compile prints nothing for a while).
   */
  phase: "fetch" | "build";
  /** The stall still holds: nothing has progressed since it was declared. */
  stallActive: boolean;
  stall?: Stall;
  exit?: { code: number | null; signal?: string; at: number };
}

export function initialState(options: DetectorOptions, t0: number): DetectorState {
  return {
    options,
    t0,
    now: t0,
    nextId: 0,
    lastProgressAt: t0,
    open: [],
    closed: [],
    modules: emptyBucketMap(),
    moduleCount: 0,
    vcs: [],
    vcsRepos: {},
    lockWaits: [],
    errors: [],
    toolchain: [],
    sawResults: false,
    phase: "fetch",
    stallActive: false,
  };
}

export function moduleKey(path: string, version: string): string {
  return `${path}@${version}`;
}

/** Applies `f` to a module's record, creating the record on first sight. */
export function updateModule(s: DetectorState, path: string, version: string, f: (m: ModuleRecord) => ModuleRecord): DetectorState {
  const key = moduleKey(path, version);
  const existing = bucketGet(s.modules, key);
  const current = existing ?? { seq: s.moduleCount, path, version, bytes: 0, samples: [], done: false };
  const updated = f(current);
  if (updated === existing) return s;
  return { ...s, modules: bucketSet(s.modules, key, updated), moduleCount: existing ? s.moduleCount : s.moduleCount + 1 };
}
