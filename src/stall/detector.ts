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
import { decodeRequestUrl } from "./request-url.js";
import { addSample } from "./throughput.js";
import { initialState, MAX_REQUESTS, moduleKey, type DetectorState, type ModuleRecord, type RequestRecord } from "./state.js";
import { bucketGet, bucketSet, bucketValues, chunkPush, chunkUpdateLast, type ChunkList } from "./persist.js";
import { detectStall, withLockSuspects } from "./suspects.js";
import { moduleState, summarizeState } from "./summary.js";

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

type Applied = { state: DetectorState; progress: boolean };

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
      return { state: { ...s, vcs: [...s.vcs, entry] }, progress: true };
    }
    case "vcs-end": {
      const i = s.vcs.findIndex((v) => v.endedMs === undefined && v.command === event.command && (event.dir === undefined || v.dir === undefined || v.dir === event.dir));
      if (i < 0) return { state: s, progress: true };
      const vcs = [...s.vcs];
      vcs[i] = { ...vcs[i]!, endedMs: t - s.t0, ...(event.seconds !== undefined ? { seconds: event.seconds } : {}) };
      return { state: { ...s, vcs }, progress: true };
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
    case "lock":
    case "output":
      return { state: s, progress: true };
    default:
      return { state: s, progress: false };
  }
}

function namedBy(event: EventOf<"go-error-detail">): { module?: string; version?: string } {
  return { ...(event.module ? { module: event.module } : {}), ...(event.module && event.version ? { version: event.version } : {}) };
}

function updateModule(s: DetectorState, path: string, version: string, f: (m: ModuleRecord) => ModuleRecord): DetectorState {
  const key = moduleKey(path, version);
  const existing = bucketGet(s.modules, key);
  const current = existing ?? { seq: s.moduleCount, path, version, bytes: 0, samples: [], done: false };
  const updated = f(current);
  if (updated === existing) return s;
  return { ...s, modules: bucketSet(s.modules, key, updated), moduleCount: existing ? s.moduleCount : s.moduleCount + 1 };
}

function isZip(r: RequestRecord): boolean {
  return r.target.kind === "zip" || (r.target.kind === "toolchain" && /\.zip(\?|$)/.test(r.url));
}

function startRequest(s: DetectorState, event: EventOf<"http-start">, t: number): DetectorState {
  const target = decodeRequestUrl(event.url);
  const record: RequestRecord = { id: s.nextId, url: event.url, target, startedAt: t, lastProgressAt: t, bytes: event.offset ?? 0 };
  let next: DetectorState = { ...s, nextId: s.nextId + 1, open: [...s.open, record] };
  if (target.module && target.version) next = updateModule(next, target.module, target.version, (m) => m);
  return next;
}

function endRequest(s: DetectorState, event: EventOf<"http-end">, t: number): DetectorState {
  if (event.body) return endBody(s, event, t);
  let i = s.open.findIndex((r) => r.url === event.url && r.answeredAt === undefined);
  let open = s.open;
  let nextId = s.nextId;
  if (i < 0) {
    // The watcher saw the .zip before this end line was read: the request is already over.
    const closed = chunkUpdateLast(
      s.closed,
      (r) => r.url === event.url && r.answeredAt === undefined,
      (r) => ({ ...r, answeredAt: t, ...(event.status !== undefined ? { status: event.status } : {}), ...(event.error !== undefined ? { error: event.error } : {}) }),
    );
    if (closed !== s.closed) return { ...s, closed };
    // An end without a start line (a log cut at the top): record it as started now.
    open = [...open, { id: nextId++, url: event.url, target: decodeRequestUrl(event.url), startedAt: t, lastProgressAt: t, bytes: 0 }];
    i = open.length - 1;
  }
  const ok = event.error === undefined && event.status !== undefined && event.status >= 200 && event.status < 300;
  const answered: RequestRecord = {
    ...open[i]!,
    answeredAt: t,
    lastProgressAt: t,
    ...(event.status !== undefined ? { status: event.status } : {}),
    ...(event.error !== undefined ? { error: event.error } : event.status !== undefined && !ok ? { error: `${event.status} ${event.statusText ?? ""}`.trim() } : {}),
  };
  const rest = open.filter((_, j) => j !== i);
  // A 2xx on a zip means only the headers came: the body is still in flight.
  if (ok && isZip(answered) && s.options.zipBodies !== "trace-only") {
    const opened = [...open];
    opened[i] = answered;
    let next: DetectorState = { ...s, nextId, open: opened };
    const { module, version } = answered.target;
    if (module && version) next = updateModule(next, module, version, (m) => ({ ...m, samples: addSample(m.samples, { t, bytes: m.bytes }) }));
    return next;
  }
  return { ...s, nextId, open: rest, closed: appendClosed(s.closed, { ...answered, endedAt: t }) };
}

/** A line about the body of an earlier 2xx response: it broke off (and may resume) or its resume failed. */
function endBody(s: DetectorState, event: EventOf<"http-end">, t: number): DetectorState {
  const i = s.open.findIndex((r) => r.url === event.url && r.answeredAt !== undefined);
  if (i < 0) return s;
  const error = event.error ?? (event.body === "interrupted" ? "body interrupted" : "resume failed");
  const ended = { ...s.open[i]!, endedAt: t, lastProgressAt: t, error };
  return { ...s, open: s.open.filter((_, j) => j !== i), closed: appendClosed(s.closed, ended) };
}

function appendClosed(closed: ChunkList<RequestRecord>, record: RequestRecord): ChunkList<RequestRecord> {
  return chunkPush(closed, record, MAX_REQUESTS);
}

function findZip(s: DetectorState, module: string, version: string): number {
  return s.open.findIndex((r) => isZip(r) && r.target.module === module && r.target.version === version);
}

function onBytes(s: DetectorState, event: EventOf<"bytes">, t: number): Applied {
  const prev = bucketGet(s.modules, moduleKey(event.module, event.version));
  if (prev && event.bytes <= prev.bytes) return { state: s, progress: false };
  let next = updateModule(s, event.module, event.version, (m) => ({
    ...m,
    bytes: event.bytes,
    lastBytesAt: t,
    samples: addSample(m.samples, { t, bytes: event.bytes }),
  }));
  const i = findZip(next, event.module, event.version);
  if (i >= 0) {
    const open = [...next.open];
    open[i] = { ...open[i]!, bytes: event.bytes, lastProgressAt: t };
    next = { ...next, open };
  }
  return { state: next, progress: true };
}

function onZipDone(s: DetectorState, event: EventOf<"zip-done">, t: number): DetectorState {
  let next = updateModule(s, event.module, event.version, (m) => ({ ...m, bytes: Math.max(m.bytes, event.bytes), done: m.error === undefined }));
  const i = findZip(next, event.module, event.version);
  if (i >= 0) {
    const done = { ...next.open[i]!, bytes: event.bytes, endedAt: t, lastProgressAt: t };
    next = { ...next, open: next.open.filter((_, j) => j !== i), closed: appendClosed(next.closed, done) };
  }
  return next;
}

function onExit(s: DetectorState, event: EventOf<"exit">, t: number): DetectorState {
  const clean = event.code === 0;
  const busy = new Set(s.open.filter((r) => r.target.module && r.target.version).map((r) => moduleKey(r.target.module!, r.target.version!)));
  let modules = s.modules;
  for (const m of bucketValues(s.modules)) {
    if (m.error !== undefined || m.done) continue;
    const key = moduleKey(m.path, m.version);
    if (clean) modules = bucketSet(modules, key, { ...m, done: true });
    // Killed mid-download: keep what it was doing then (stalled, slow, downloading).
    else if (busy.has(key)) modules = bucketSet(modules, key, { ...m, atExit: moduleState(s, m) });
  }
  let closed = s.closed;
  for (const r of s.open) {
    const zipOk = clean && isZip(r) && r.answeredAt !== undefined;
    closed = appendClosed(closed, { ...r, endedAt: t, ...(zipOk || r.error ? {} : { error: clean ? "no answer line before exit" : "go exited before this request ended" }) });
  }
  const vcs = clean ? s.vcs.map((v) => (v.endedMs === undefined ? { ...v, endedMs: t - s.t0 } : v)) : s.vcs;
  return {
    ...s,
    open: [],
    closed,
    modules,
    vcs,
    exit: { code: event.code, at: t, ...(event.signal ? { signal: event.signal } : {}) },
  };
}
