// How requests move through the detector: started, answered (for a zip only
// the headers), body bytes growing, body complete, or cut off by go's exit.
import type { EventOf } from "../trace/events.js";
import { decodeRequestUrl } from "../trace/url.js";
import { addSample } from "./throughput.js";
import { MAX_REQUESTS, moduleKey, updateModule, type DetectorState, type RequestRecord } from "./state.js";
import { bucketGet, bucketSet, bucketValues, chunkPush, chunkUpdateLast, type ChunkList } from "./persist.js";
import { moduleState } from "./summary.js";

export type Applied = { state: DetectorState; progress: boolean };

function isZip(r: RequestRecord): boolean {
  return r.target.kind === "zip" || (r.target.kind === "toolchain" && /\.zip(\?|$)/.test(r.url));
}

export function startRequest(s: DetectorState, event: EventOf<"http-start">, t: number): DetectorState {
  const target = decodeRequestUrl(event.url);
  const record: RequestRecord = { id: s.nextId, url: event.url, target, startedAt: t, lastProgressAt: t, bytes: event.offset ?? 0 };
  let next: DetectorState = { ...s, nextId: s.nextId + 1, open: [...s.open, record] };
  if (target.module && target.version) next = updateModule(next, target.module, target.version, (m) => m);
  return next;
}

export function endRequest(s: DetectorState, event: EventOf<"http-end">, t: number): DetectorState {
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
  let next: DetectorState = { ...s, nextId, open: rest, closed: appendClosed(s.closed, { ...answered, endedAt: t }) };
  // Without a cache to watch (a saved log), a zip's 2xx is as far as the trace can see: done.
  const { module, version } = answered.target;
  if (ok && isZip(answered) && module && version) next = updateModule(next, module, version, (m) => (m.error === undefined ? { ...m, done: true } : m));
  return next;
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

export function onBytes(s: DetectorState, event: EventOf<"bytes">, t: number): Applied {
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

/** Bodies shorter than this are too brief to call slow (one poll of the watcher is up to 250 ms). */
const MIN_SLOW_BODY_MS = 1_000;

/** The average rate of a zip body that just completed, when it was below the slow threshold. */
function slowBody(s: DetectorState, r: RequestRecord | undefined, bytes: number, t: number): { bytesPerSecond: number; bodyMs: number } | undefined {
  if (!r || r.answeredAt === undefined || bytes <= 0) return undefined;
  const bodyMs = t - r.answeredAt;
  if (bodyMs < MIN_SLOW_BODY_MS) return undefined;
  const bytesPerSecond = Math.round((bytes * 1000) / bodyMs);
  return bytesPerSecond < s.options.slowThresholdBps ? { bytesPerSecond, bodyMs } : undefined;
}

export function onZipDone(s: DetectorState, event: EventOf<"zip-done">, t: number): DetectorState {
  const zip = s.open[findZip(s, event.module, event.version)];
  const slow = slowBody(s, zip, Math.max(event.bytes, zip?.bytes ?? 0), t);
  let next = updateModule(s, event.module, event.version, (m) => ({
    ...m,
    bytes: Math.max(m.bytes, event.bytes),
    done: m.error === undefined,
    ...(slow ? { slowBody: slow } : {}),
  }));
  const i = findZip(next, event.module, event.version);
  if (i >= 0) {
    const done = { ...next.open[i]!, bytes: event.bytes, endedAt: t, lastProgressAt: t };
    next = { ...next, open: next.open.filter((_, j) => j !== i), closed: appendClosed(next.closed, done) };
  }
  return next;
}

export function onExit(s: DetectorState, event: EventOf<"exit">, t: number): DetectorState {
  const clean = event.code === 0;
  const busy = new Set(s.open.filter((r) => r.target.module && r.target.version).map((r) => moduleKey(r.target.module!, r.target.version!)));
  let modules = s.modules;
  for (const m of bucketValues(s.modules)) {
    if (m.error !== undefined || m.done) continue;
    const key = moduleKey(m.path, m.version);
    if (clean) {
      // go finished before the watcher saw the zip complete: the body ended by now.
      const zip = s.open.find((r) => isZip(r) && r.target.module === m.path && r.target.version === m.version);
      const slow = slowBody(s, zip, m.bytes, m.lastBytesAt ?? t);
      modules = bucketSet(modules, key, { ...m, done: true, ...(slow ? { slowBody: slow } : {}) });
    }
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
