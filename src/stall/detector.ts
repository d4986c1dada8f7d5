// The stall detector: a pure reducer over (state, event). The time is inside
// each event; `tick` events let it notice silence. It never mutates the state
// it is given and never throws on odd input (a missing start line, an end
// without a start, clocks that go backwards).
//
// Policy: the run is `stalled` when something is outstanding (a request
// without an answer, a zip whose body is still arriving, a vcs command
// without an end line) and NOTHING at all progressed for stallTimeoutMs, or
// when nothing is outstanding and go printed nothing for that long (a lock
// or prompt wait). While any download still moves the run is `running`, but
// a request that is individually idle past the timeout shows its module as
// `stalled`; once the movers finish, the overall stall names it first (most
// idle first). go has no overall deadline, so a stuck request never recovers.
import type { Event, EventOf } from "../trace/events.js";
import type { DetectorOptions, TraceSummary, Verdict } from "./types.js";
import { initialState, updateModule, type DetectorState, type VcsRecord } from "./state.js";
import { endRequest, onBytes, onExit, onZipDone, startRequest, type Applied } from "./requests.js";
import { detectStall, withLockSuspects } from "./suspects.js";
import { summarizeState } from "./summary.js";

export type { DetectorState } from "./state.js";

export function createDetector(options: DetectorOptions, t0: number): DetectorState {
  return initialState(options, t0);
}

export function reduce(state: DetectorState, event: Event): DetectorState {
  const t = Number.isFinite(event.t) ? Math.max(state.now, event.t) : state.now;
  let next: DetectorState = { ...state, now: t };
  if (state.exit && event.kind !== "tick") return next;
  const progressed = applyEvent(next, event, t);
  next = progressed.state;
  if (progressed.progress) next = { ...next, lastProgressAt: t, stallActive: false };
  if (event.kind === "lock-wait" && next.stallActive) return withLockSuspects(next);
  return next.exit ? next : detectStall(next);
}

export function verdict(state: DetectorState): Verdict {
  if (state.exit) {
    return state.exit.code === 0
      ? { kind: "done" }
      : { kind: "failed", code: state.exit.code, ...(state.exit.signal ? { signal: state.exit.signal } : {}) };
  }
  if (state.stallActive && state.stall) return { kind: "stalled", stall: state.stall };
  return { kind: "running" };
}

export function summarize(state: DetectorState): TraceSummary {
  return summarizeState(state);
}

function applyEvent(s: DetectorState, event: Event, t: number): Applied {
  switch (event.kind) {
    case "tick":
      return { state: s, progress: false };
    case "http-start":
      return { state: startRequest(s, event, t), progress: true };
    case "http-end":
      return { state: endRequest(s, event, t), progress: true };
    case "bytes":
      return onBytes(s, event, t);
    case "zip-done":
      return { state: onZipDone(s, event, t), progress: true };
    case "vcs-start": {
      const repo = event.dir !== undefined ? s.vcsRepos[event.dir] : undefined;
      const entry = { command: event.command, startedMs: t - s.t0, startedAt: t, ...(event.dir !== undefined ? { dir: event.dir } : {}), ...(repo ? { repo } : {}) };
      return { state: { ...s, vcs: trimVcs([...s.vcs, entry]) }, progress: true };
    }
    case "vcs-end": {
      const i = s.vcs.findIndex((v) => v.endedMs === undefined && v.command === event.command && (event.dir === undefined || v.dir === undefined || v.dir === event.dir));
      if (i < 0) return { state: s, progress: true };
      const vcs = [...s.vcs];
      vcs[i] = { ...vcs[i]!, endedMs: t - s.t0, ...(event.seconds !== undefined ? { seconds: event.seconds } : {}) };
      return { state: { ...s, vcs: trimVcs(vcs) }, progress: true };
    }
    case "vcs-repo": {
      const vcs = s.vcs.map((v) => (v.dir === event.dir && !v.repo ? { ...v, repo: event.repo } : v));
      return { state: { ...s, vcs, vcsRepos: { ...s.vcsRepos, [event.dir]: event.repo } }, progress: true };
    }
    case "lock-wait": {
      const seen = s.lockWaits.some((w) => w.file === event.file && w.holderPid === event.holderPid);
      if (seen) return { state: s, progress: false };
      const wait = { file: event.file, sinceMs: t - s.t0, ...(event.holderPid !== undefined ? { holderPid: event.holderPid } : {}), ...(event.holderCommand ? { holderCommand: event.holderCommand } : {}) };
      return { state: { ...s, lockWaits: [...s.lockWaits, wait] }, progress: false };
    }
    case "go-error": {
      const err = { message: event.message, details: [], ...(event.module ? { module: event.module } : {}), ...(event.version ? { version: event.version } : {}) };
      let next: DetectorState = { ...s, errors: [...s.errors, err] };
      if (event.module && event.version) {
        next = updateModule(next, event.module, event.version, (m) => (m.error ? m : { ...m, error: event.message }));
      }
      return { state: next, progress: true };
    }
    case "go-error-detail": {
      const last = s.errors[s.errors.length - 1];
      // Details without a `go:` line before them (a log pasted in part) still are errors.
      if (!last) return { state: { ...s, errors: [{ message: event.message, details: [], ...namedBy(event) }] }, progress: true };
      // In a `requires`/`imports` chain the last module a detail line names is the one that failed.
      const { module: _m, version: _v, ...rest } = last;
      const errors = [...s.errors.slice(0, -1), { ...(event.module ? { ...rest, ...namedBy(event) } : last), details: [...last.details, event.message] }];
      let next: DetectorState = { ...s, errors };
      if (event.module && event.version) {
        next = updateModule(next, event.module, event.version, (m) => (m.error ? m : { ...m, error: `${last.message} ${event.message}` }));
      }
      return { state: next, progress: true };
    }
    case "toolchain":
      return { state: { ...s, toolchain: [...s.toolchain, event.message] }, progress: true };
    case "downloading":
      return { state: updateModule(s, event.module, event.version, (m) => m), progress: true };
    case "module-result": {
      const next = updateModule(s, event.module, event.version, (m) => (event.error ? { ...m, error: event.error } : { ...m, done: true }));
      return { state: { ...next, sawResults: true }, progress: true };
    }
    case "exit":
      return { state: onExit(s, event, t), progress: false };
    case "output":
      // `WORK=/tmp/go-build…` is -x's first line of a build: compiling from here on.
      if (s.phase === "fetch" && event.line.startsWith("WORK=")) return { state: { ...s, phase: "build" }, progress: true };
      return { state: s, progress: true };
    case "lock":
      return { state: s, progress: true };
    default:
      return { state: s, progress: false };
  }
}

function namedBy(event: EventOf<"go-error-detail">): { module?: string; version?: string } {
  return { ...(event.module ? { module: event.module } : {}), ...(event.module && event.version ? { version: event.version } : {}) };
}

/** Keeps every running vcs command and the most recent finished ones: bounded work per event on long logs. */
const MAX_FINISHED_VCS = 200;
function trimVcs(list: VcsRecord[]): VcsRecord[] {
  if (list.length <= MAX_FINISHED_VCS * 2) return list;
  const finished = list.filter((v) => v.endedMs !== undefined);
  const keep = new Set(finished.slice(-MAX_FINISHED_VCS));
  return list.filter((v) => v.endedMs === undefined || keep.has(v));
}
