// How requests move through the detector: started, answered (for a zip only
// the headers), body bytes growing, body complete, or cut off by go's exit.
import type { EventOf } from "../trace/events.js";
import { decodeRequestUrl } from "../trace/url.js";
import { addSample } from "./throughput.js";
import { MAX_REQUESTS, moduleKey, newRequest, removeAt, updateModule, writable, type DetectorState, type RequestRecord } from "./state.js";
import { bucketGet, bucketSet, bucketValues, chunkPush, chunkUpdateLast } from "./persist.js";
import { moduleState } from "./summary.js";

function isZip(r: RequestRecord): boolean {
  return r.target.kind === "zip" || (r.target.kind === "toolchain" && /\.zip(\?|$)/.test(r.url));
}

export function startRequest(s: DetectorState, event: EventOf<"http-start">, t: number): void {
  const target = decodeRequestUrl(event.url);
  writable(s, "open").push(newRequest(s.nextId++, event.url, target, t, event.offset ?? 0));
  if (target.module && target.version) updateModule(s, target.module, target.version, (m) => m);
}

export function endRequest(s: DetectorState, event: EventOf<"http-end">, t: number): void {
  if (event.body) return endBody(s, event, t);
  let i = openUnanswered(s.open, event.url);
  if (i < 0) {
    // The watcher saw the .zip before this end line was read: the request is already over.
    const closed = chunkUpdateLast(
      s.closed,
      (r) => r.url === event.url && r.answeredAt === undefined,
      (r) => ({ ...r, answeredAt: t, status: event.status ?? r.status, error: event.error ?? r.error }),
      s.inPlace,
    );
    if (closed) {
      s.closed = closed;
      return;
    }
    // An end without a start line (a log cut at the top): record it as started now.
    i = writable(s, "open").push(newRequest(s.nextId++, event.url, decodeRequestUrl(event.url), t, 0)) - 1;
  }
  const ok = event.error === undefined && event.status !== undefined && event.status >= 200 && event.status < 300;
  // A run's own record changes in place (nothing outside the state holds it: summaries copy).
  const answered: RequestRecord = s.inPlace ? s.open[i]! : { ...s.open[i]! };
  answered.answeredAt = t;
  answered.lastProgressAt = t;
  if (event.status !== undefined) answered.status = event.status;
  if (event.error !== undefined) answered.error = event.error;
  else if (event.status !== undefined && !ok) answered.error = `${event.status} ${event.statusText ?? ""}`.trim();
  const { module, version } = answered.target;
  // A 2xx on a zip means only the headers came: the body is still in flight.
  if (ok && isZip(answered) && s.options.zipBodies !== "trace-only") {
    writable(s, "open")[i] = answered;
    if (module && version) updateModule(s, module, version, (m) => ({ ...m, samples: addSample(m.samples, { t, bytes: m.bytes }) }));
    return;
  }
  removeAt(writable(s, "open"), i);
  answered.endedAt = t;
  appendClosed(s, answered);
  // Without a cache to watch (a saved log), a zip's 2xx is as far as the trace can see: done.
  if (ok && isZip(answered) && module && version) updateModule(s, module, version, (m) => (m.error === undefined ? { ...m, done: true } : m));
}

/** The open request for `url` still waiting for its answer (a loop: one per request of a log). */
function openUnanswered(open: readonly RequestRecord[], url: string): number {
  for (let i = 0; i < open.length; i++) if (open[i]!.answeredAt === undefined && open[i]!.url === url) return i;
  return -1;
}

/** A line about the body of an earlier 2xx response: it broke off (and may resume) or its resume failed. */
function endBody(s: DetectorState, event: EventOf<"http-end">, t: number): void {
  const i = s.open.findIndex((r) => r.url === event.url && r.answeredAt !== undefined);
  if (i < 0) return;
  const error = event.error ?? (event.body === "interrupted" ? "body interrupted" : "resume failed");
  const ended = { ...s.open[i]!, endedAt: t, lastProgressAt: t, error };
  removeAt(writable(s, "open"), i);
  appendClosed(s, ended);
}

function appendClosed(s: DetectorState, record: RequestRecord): void {
  s.closed = chunkPush(s.closed, record, MAX_REQUESTS, s.inPlace);
}

function findZip(s: DetectorState, module: string, version: string): number {
  return s.open.findIndex((r) => isZip(r) && r.target.module === module && r.target.version === version);
}

/** Whether the bytes showed progress (the watcher reports the same size again while a body stalls). */
export function onBytes(s: DetectorState, event: EventOf<"bytes">, t: number): boolean {
  const prev = bucketGet(s.modules, moduleKey(event.module, event.version));
  if (prev && event.bytes <= prev.bytes) return false;
  updateModule(s, event.module, event.version, (m) => ({
    ...m,
    bytes: event.bytes,
    lastBytesAt: t,
    samples: addSample(m.samples, { t, bytes: event.bytes }),
  }));
  const i = findZip(s, event.module, event.version);
  if (i >= 0) {
    const open = writable(s, "open");
    open[i] = { ...open[i]!, bytes: event.bytes, lastProgressAt: t };
  }
  return true;
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

export function onZipDone(s: DetectorState, event: EventOf<"zip-done">, t: number): void {
  const zip = s.open[findZip(s, event.module, event.version)];
  const slow = slowBody(s, zip, Math.max(event.bytes, zip?.bytes ?? 0), t);
  updateModule(s, event.module, event.version, (m) => ({
    ...m,
    bytes: Math.max(m.bytes, event.bytes),
    done: m.error === undefined,
    slowBody: slow ?? m.slowBody,
  }));
  const i = findZip(s, event.module, event.version);
  if (i >= 0) {
    const done = { ...s.open[i]!, bytes: event.bytes, endedAt: t, lastProgressAt: t };
    removeAt(writable(s, "open"), i);
    appendClosed(s, done);
  }
}

export function onExit(s: DetectorState, event: EventOf<"exit">, t: number): void {
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
      modules = bucketSet(modules, key, { ...m, done: true, slowBody: slow ?? m.slowBody }, s.inPlace);
    }
    // Killed mid-download: keep what it was doing then (stalled, slow, downloading).
    else if (busy.has(key)) modules = bucketSet(modules, key, { ...m, atExit: moduleState(s, m) }, s.inPlace);
  }
  s.modules = modules;
  s.recentModule = undefined;
  for (const r of s.open) {
    const zipOk = clean && isZip(r) && r.answeredAt !== undefined;
    appendClosed(s, { ...r, endedAt: t, error: zipOk || r.error ? r.error : clean ? "no answer line before exit" : "go exited before this request ended" });
  }
  s.open = [];
  if (clean) s.vcs = s.vcs.map((v) => (v.endedMs === undefined ? { ...v, endedMs: t - s.t0 } : v));
  s.exit = { code: event.code, at: t, ...(event.signal ? { signal: event.signal } : {}) };
}
