// The detector's state: plain data that each step changes. A DetectorRun owns
// its state alone and changes it in place (`inPlace`); reduce hands each step
// a shallow copy whose containers are copied before they change (writable(),
// persist.ts), so the state it was given stays as it was. Records in the
// containers are replaced, never changed, except by a DetectorRun on its own
// state (a module's record, updateModule; the last error or warning, lastForUpdate).
// Times are absolute on the caller's clock; the summary makes them relative to t0.
import type { RequestTarget } from "../trace/events.js";
import type { ModuleState, Stall } from "../report/schema.js";
import type { DetectorOptions, GoErrorState, GoWarningState, LockWaitState, VcsCommandState } from "./types.js";
import type { Sample } from "./throughput.js";
import { bucketGet, bucketSet, emptyBucketMap, type BucketMap, type ChunkList } from "./persist.js";

/** Finished requests the summary keeps (the most recent). */
export const MAX_REQUESTS = 2000;
/**
 * go errors kept (the first: later ones in a flood repeat them), and detail
 * lines kept per error: a saved log can hold millions, memory must not grow with it.
 */
export const MAX_ERRORS = 1000;
export const MAX_DETAILS = 200;

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

/** progressAt: the start, or the last growth of its partial packs (vcs-bytes). */
export type VcsRecord = VcsCommandState & { startedAt: number; progressAt: number };

export interface DetectorState {
  /** The containers belong to this state alone: updates change them in place (DetectorRun), not copies (reduce). */
  inPlace: boolean;
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
  vcsRepos: Record<string, string>;
  lockWaits: LockWaitState[];
  errors: GoErrorState[];
  /** Warnings (retracted versions), few; bounded like errors. */
  warnings: GoWarningState[];
  /** The last go message was a warning: indented lines after it are its advice, not an error's detail. */
  afterWarning: boolean;
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
  /**
   * The module record updateModule last read or wrote, as it is in `modules`:
   * events about one module come in runs (downloading, .info, .mod, .zip),
   * and these skip building its key and the map lookup. Whatever else writes
   * `modules` clears it.
   */
  recentModule: ModuleRecord | undefined;
}

export function initialState(options: DetectorOptions, t0: number, inPlace = false): DetectorState {
  return {
    inPlace,
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
    warnings: [],
    afterWarning: false,
    toolchain: [],
    sawResults: false,
    phase: "fetch",
    stallActive: false,
    recentModule: undefined,
  };
}

export function moduleKey(path: string, version: string): string {
  return `${path}@${version}`;
}

// Records are built with every field present (unset ones undefined): one
// object shape per kind, so copying one with a change (`{ ...r, endedAt: t }`)
// stays on V8's fast path; a spread that adds a field is many times slower.

export function newRequest(id: number, url: string, target: RequestTarget, t: number, bytes: number): RequestRecord {
  return { id, url, target, startedAt: t, answeredAt: undefined, endedAt: undefined, lastProgressAt: t, bytes, status: undefined, error: undefined };
}

/**
 * A copy of a string the state keeps for long. Strings cut from a log line
 * share the memory of the whole chunk it was read in (V8 slices): a vcs dir
 * kept for thousands of lines would keep each 64 KiB chunk alive, and every
 * one of them copied through the young generation. Concatenation then a
 * slice makes a string of its own.
 */
export function detach(s: string): string {
  return (" " + s).slice(1);
}

export function newModule(seq: number, path: string, version: string): ModuleRecord {
  return { seq, path: detach(path), version: detach(version), bytes: 0, samples: [], lastBytesAt: undefined, done: false, atExit: undefined, error: undefined, slowBody: undefined };
}

type ListKey = "open" | "vcs" | "lockWaits" | "errors" | "warnings" | "toolchain";

/** A list of `s` that this step may change: the list itself in place, else a copy put in `s`. */
export function writable<K extends ListKey>(s: DetectorState, key: K): DetectorState[K] {
  if (!s.inPlace) (s as Record<K, unknown[]>)[key] = [...s[key]];
  return s[key];
}

/** Removes list[i] without splice's array of removed items (one per request of a log). */
export function removeAt<T>(list: T[], i: number): void {
  for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
  list.length--;
}

/** Applies `f` to a module's record (f returns a new record), creating the record on first sight. */
export function updateModule(s: DetectorState, path: string, version: string, f: (m: ModuleRecord) => ModuleRecord): void {
  const recent = s.recentModule;
  const existing = recent && recent.path === path && recent.version === version ? recent : bucketGet(s.modules, moduleKey(path, version));
  const current = existing ?? newModule(s.moduleCount, path, version);
  const updated = f(current);
  if (existing && (updated === existing || s.inPlace)) {
    // A run's own record changes in place: a replacement, set in a map that
    // has long been in the old generation, would be promoted and then die there.
    if (updated !== existing) Object.assign(existing, updated);
    s.recentModule = existing;
    return;
  }
  s.recentModule = updated;
  s.modules = bucketSet(s.modules, moduleKey(path, version), updated, s.inPlace);
  if (!existing) s.moduleCount++;
}

/** The last error or warning, ready to change: itself in place, else a copy (with its own details) put in `s`. */
export function lastForUpdate<K extends "errors" | "warnings">(s: DetectorState, key: K): DetectorState[K][number] | undefined {
  const list = s[key];
  const last = list[list.length - 1];
  if (!last || s.inPlace) return last;
  const copy = { ...last, details: [...last.details] };
  writable(s, key)[list.length - 1] = copy;
  return copy;
}
