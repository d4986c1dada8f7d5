// The stall detector. One set of rules (step), two ways to run it: reduce,
// a pure reducer over (state, event) that never changes the state it is
// given, and DetectorRun, which owns its state and changes it in place (no
// copy per event: what analyze and a live run use). The time is inside each
// event; `tick` events let it notice silence. It never throws on odd input (a
// missing start line, an end without a start, clocks that go backwards).
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
import { TOOLCHAIN_MODULE } from "../trace/url.js";
import type { DetectorOptions, TraceSummary, Verdict } from "./types.js";
import { MAX_DETAILS, MAX_ERRORS, detach, initialState, lastForUpdate, updateModule, writable, type DetectorState, type VcsRecord } from "./state.js";
import { endRequest, onBytes, onExit, onZipDone, startRequest } from "./requests.js";
import { detectStall, withLockSuspects } from "./suspects.js";
import { summarizeState } from "./summary.js";

export type { DetectorState } from "./state.js";

export function createDetector(options: DetectorOptions, t0: number): DetectorState {
  return initialState(options, t0);
}

/** Pure: the state after `event`; `state` itself is left as it was. */
export function reduce(state: DetectorState, event: Event): DetectorState {
  const next: DetectorState = { ...state, inPlace: false };
  step(next, event);
  return next;
}

/** A detector that changes its own state in place: the same rules as reduce, without a copy per event. */
export interface DetectorRun {
  /**
   * The live state (the same object throughout; push changes it): for
   * summarize and verdict. A state reduce makes from it shares its lists,
   * which the run goes on changing: summarize it at once, do not keep it.
   */
  readonly state: DetectorState;
  push(event: Event): void;
  summary(): TraceSummary;
  verdict(): Verdict;
}

export function createDetectorRun(options: DetectorOptions, t0: number): DetectorRun {
  const state = initialState(options, t0, true);
  return {
    state,
    push: (event) => step(state, event),
    summary: () => summarizeState(state),
    verdict: () => verdict(state),
  };
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

/** A summary of the state; it shares nothing that later steps change. */
export function summarize(state: DetectorState): TraceSummary {
  return summarizeState(state);
}

/** The rules: changes `s` by one event (its containers only through writable() and persist.ts). */
function step(s: DetectorState, event: Event): void {
  const t = Number.isFinite(event.t) ? Math.max(s.now, event.t) : s.now;
  s.now = t;
  if (s.exit && event.kind !== "tick") return;
  if (applyEvent(s, event, t)) {
    s.lastProgressAt = t;
    s.stallActive = false;
  }
  if (event.kind === "lock-wait" && s.stallActive) withLockSuspects(s);
  else if (!s.exit) detectStall(s);
}

/** Applies one event; whether it showed progress. */
function applyEvent(s: DetectorState, event: Event, t: number): boolean {
  switch (event.kind) {
    case "tick":
      return false;
    case "http-start":
      startRequest(s, event, t);
      return true;
    case "http-end":
      endRequest(s, event, t);
      return true;
    case "bytes":
      return onBytes(s, event, t);
    case "zip-done":
      onZipDone(s, event, t);
      return true;
    case "vcs-start": {
      const repo = event.dir !== undefined ? s.vcsRepos[event.dir] : undefined;
      const entry: VcsRecord = { command: detach(event.command), startedMs: t - s.t0, startedAt: t, progressAt: t };
      if (event.dir !== undefined) entry.dir = detach(event.dir);
      if (repo) entry.repo = repo;
      writable(s, "vcs").push(entry);
      trimVcs(s);
      return true;
    }
    case "vcs-end": {
      const i = runningVcs(s.vcs, event);
      if (i < 0) return true;
      const vcs = writable(s, "vcs");
      vcs[i] = endedVcs(vcs[i]!, t - s.t0, event.seconds);
      trimVcs(s);
      return true;
    }
    case "vcs-bytes": {
      // A git fetch in that folder is receiving: progress for it (and the run).
      const i = runningVcsIn(s.vcs, event.dir);
      if (i < 0) return false;
      const vcs = writable(s, "vcs");
      vcs[i] = { ...vcs[i]!, progressAt: t, bytes: event.bytes };
      return true;
    }
    case "vcs-repo": {
      if (vcsWithoutRepo(s.vcs, event.dir)) {
        const vcs = writable(s, "vcs");
        for (let i = 0; i < vcs.length; i++) if (!vcs[i]!.repo && vcs[i]!.dir === event.dir) vcs[i] = { ...vcs[i]!, repo: event.repo };
      }
      if (s.inPlace) s.vcsRepos[detach(event.dir)] = detach(event.repo);
      else s.vcsRepos = { ...s.vcsRepos, [event.dir]: event.repo };
      return true;
    }
    case "lock-wait": {
      const seen = s.lockWaits.some((w) => w.file === event.file && w.holderPid === event.holderPid);
      if (seen) return false;
      const wait = { file: event.file, sinceMs: t - s.t0, ...(event.holderPid !== undefined ? { holderPid: event.holderPid } : {}), ...(event.holderCommand ? { holderCommand: event.holderCommand } : {}) };
      writable(s, "lockWaits").push(wait);
      return false;
    }
    case "go-error": {
      s.afterWarning = false;
      if (s.errors.length >= MAX_ERRORS) return true;
      // Already recorded from the module's -json result (see resultError).
      if (event.module && s.errors.some((e) => e.module === event.module && e.version === event.version && e.message === event.message)) return true;
      const err = { message: event.message, details: [], ...(event.module ? { module: event.module } : {}), ...(event.version ? { version: event.version } : {}) };
      writable(s, "errors").push(err);
      if (event.module && event.version) {
        updateModule(s, event.module, event.version, (m) => (m.error ? m : { ...m, error: event.message }));
      }
      return true;
    }
    case "go-error-detail": {
      if (s.afterWarning) {
        const warning = lastForUpdate(s, "warnings");
        if (warning && warning.details.length < MAX_DETAILS) warning.details.push(detach(event.message));
        return true;
      }
      // A loosely indented chain line joins only a chain: after another error it is an error of its own.
      const tail = s.errors[s.errors.length - 1];
      if (event.underChain && tail && !CHAIN_TAIL.test(tail.details[tail.details.length - 1] ?? tail.message)) {
        if (s.errors.length < MAX_ERRORS) writable(s, "errors").push({ message: event.message, details: [], ...namedBy(event) });
        return true;
      }
      const last = lastForUpdate(s, "errors");
      // Details without a `go:` line before them (a log pasted in part) still are errors, when they read as one:
      // another tool's indented output (goreleaser's `    • building...`) is not.
      if (!last) {
        if (s.errors.length < MAX_ERRORS && (event.module || ORPHAN_DETAIL.test(event.message))) writable(s, "errors").push({ message: event.message, details: [], ...namedBy(event) });
        return true;
      }
      if (s.errors[s.errors.length - 1]!.details.length >= MAX_DETAILS) return true;
      // In a `requires`/`imports` chain the last module a detail line names is the one that failed.
      if (event.module) {
        delete last.module;
        delete last.version;
        Object.assign(last, namedBy(event));
      }
      last.details.push(event.message);
      if (event.module && event.version) {
        updateModule(s, event.module, event.version, (m) => (m.error ? m : { ...m, error: `${last.message} ${event.message}` }));
      }
      return true;
    }
    case "toolchain":
      writable(s, "toolchain").push(event.message);
      // The download is a module of its own (its bytes come from the cache watcher).
      if (event.moduleVersion) updateModule(s, TOOLCHAIN_MODULE, event.moduleVersion, (m) => m);
      return true;
    case "downloading":
      updateModule(s, event.module, event.version, (m) => m);
      return true;
    case "module-result":
      updateModule(s, event.module, event.version, (m) => (event.error ? { ...m, error: event.error } : { ...m, done: true }));
      s.sawResults = true;
      if (event.error) resultError(s, event.module, event.version, event.error);
      return true;
    case "exit":
      onExit(s, event, t);
      return false;
    case "output":
      if (event.note) onNote(s, event.note, event.line);
      // `WORK=/tmp/go-build…` is -x's first line of a build: compiling from here on.
      if (s.phase === "fetch" && event.line.startsWith("WORK=")) s.phase = "build";
      return true;
    case "lock":
      return true;
    default:
      return false;
  }
}

/** A retraction warning starts a warning; the advice line after it joins the last one. */
function onNote(s: DetectorState, note: NonNullable<EventOf<"output">["note"]>, line: string): void {
  if (note.kind === "advice") {
    const warning = s.afterWarning ? lastForUpdate(s, "warnings") : undefined;
    if (warning && warning.details.length < MAX_DETAILS) warning.details.push(detach(line.replace(/^go: /, "")));
    return;
  }
  s.afterWarning = true;
  if (s.warnings.length >= MAX_ERRORS || s.warnings.some((w) => w.module === note.module && w.version === note.version)) return;
  writable(s, "warnings").push({
    kind: "retracted",
    module: detach(note.module),
    version: detach(note.version),
    ...(note.reason ? { reason: detach(note.reason) } : {}),
    message: detach(line),
    details: [],
  });
}

/**
 * `go mod download -json` reports a module's failure in its result alone
 * (no `go:` line on stderr, exit 1): the result's Error is then the error the
 * rules read, as go would have printed it (`go: MOD@VER: reading URL: 404 …`).
 */
function resultError(s: DetectorState, module: string, version: string, error: string): void {
  if (s.errors.length >= MAX_ERRORS || s.errors.some((e) => e.module === module && e.version === version)) return;
  const [first = "", ...rest] = error.split("\n");
  // A result without a Version (a module go could not resolve: `not a known dependency`) is named by its path alone.
  const head = version ? `${module}@${version}` : module;
  const message = first.startsWith(`${module}@`) || first.startsWith(`${module}:`) || first.startsWith("go: ") ? first : `${head}: ${first}`;
  writable(s, "errors").push({ message: message.startsWith("go: ") ? message : `go: ${message}`, details: rest.slice(0, MAX_DETAILS), module, ...(version ? { version } : {}) });
}

/** The first running vcs command an end line ends (a plain loop: this runs per line of a long log). */
function runningVcs(vcs: readonly VcsRecord[], event: EventOf<"vcs-end">): number {
  for (let i = 0; i < vcs.length; i++) {
    const v = vcs[i]!;
    if (v.endedMs === undefined && v.command === event.command && (event.dir === undefined || v.dir === undefined || v.dir === event.dir)) return i;
  }
  return -1;
}

/** A copy of a running vcs record, ended (fields in the same order as a spread would give, without its cost). */
function endedVcs(v: VcsRecord, endedMs: number, seconds: number | undefined): VcsRecord {
  const ended: VcsRecord = { command: v.command, startedMs: v.startedMs, startedAt: v.startedAt, progressAt: v.progressAt };
  if (v.bytes !== undefined) ended.bytes = v.bytes;
  if (v.dir !== undefined) ended.dir = v.dir;
  if (v.repo !== undefined) ended.repo = v.repo;
  ended.endedMs = endedMs;
  if (seconds !== undefined) ended.seconds = seconds;
  return ended;
}

function vcsWithoutRepo(vcs: readonly VcsRecord[], dir: string): boolean {
  for (let i = 0; i < vcs.length; i++) if (!vcs[i]!.repo && vcs[i]!.dir === dir) return true;
  return false;
}

/** What a go error's indented line says: a URL, git's and the server's words, a module file, a failure. */
/** The line of a chain that more lines follow: `MOD@VER requires`, `PKG imports`, `PKG tested by`. */
const CHAIN_TAIL = / (?:requires|imports|tested by)$/;
const ORPHAN_DETAIL = /https?:\/\/|fatal:|remote:|server response|@v|go\.(?:mod|sum)|verifying|unknown revision|invalid version|not found|denied|refused|timed? ?out|reset|EOF|x509|tls:|no such host|imports$|requires$/i;

function namedBy(event: EventOf<"go-error-detail">): { module?: string; version?: string } {
  return { ...(event.module ? { module: event.module } : {}), ...(event.module && event.version ? { version: event.version } : {}) };
}

/** The first running vcs command in dir. */
function runningVcsIn(vcs: readonly VcsRecord[], dir: string): number {
  for (let i = 0; i < vcs.length; i++) if (vcs[i]!.endedMs === undefined && vcs[i]!.dir === dir) return i;
  return -1;
}

/** Keeps every running vcs command and the most recent finished ones: bounded work per event on long logs. */
const MAX_FINISHED_VCS = 200;
function trimVcs(s: DetectorState): void {
  const list = s.vcs;
  if (list.length <= MAX_FINISHED_VCS * 2) return;
  const finished = list.filter((v) => v.endedMs !== undefined);
  const keep = new Set<VcsRecord>(finished.slice(-MAX_FINISHED_VCS));
  s.vcs = list.filter((v) => v.endedMs === undefined || keep.has(v));
}
