// Turns the detector state into the TraceSummary the rules and reporters
// read: times relative to the start, per-module states, requests in order.
import type { ModuleState, RequestState } from "../report/schema.js";
import type { TraceSummary } from "./types.js";
import { bytesPerSecond } from "./throughput.js";
import { MAX_REQUESTS, type DetectorState, type ModuleRecord, type RequestRecord } from "./state.js";
import { redactUrl, stuckItems } from "./suspects.js";
import { bucketValues, chunkItems } from "./persist.js";

export function summarizeState(s: DetectorState): TraceSummary {
  const rel = (t: number): number => t - s.t0;
  const requests = [...chunkItems(s.closed), ...s.open].sort((a, b) => a.id - b.id);
  const stuck = stuckItems(s);
  const records = bucketValues(s.modules).sort((a, b) => a.seq - b.seq);
  const slowDone = records.flatMap((m) =>
    m.done && m.slowBody ? [{ module: m.path, version: m.version, bytes: m.bytes, ...m.slowBody }] : [],
  );
  return {
    startedMs: 0,
    ...(s.exit ? { endedMs: rel(s.exit.at) } : {}),
    lastProgressMs: rel(s.lastProgressAt),
    modules: records.map((m) => moduleState(s, m)),
    outstanding: s.open.map((r) => requestState(r, s.t0)),
    requests: requests.slice(Math.max(0, requests.length - MAX_REQUESTS)).map((r) => requestState(r, s.t0)),
    vcs: s.vcs.map(({ startedAt: _startedAt, progressAt: _progressAt, ...v }) => v),
    // Copies: a DetectorRun goes on changing its own lists (and its last error) in place.
    lockWaits: [...s.lockWaits],
    errors: s.errors.map((e) => ({ ...e, details: [...e.details] })),
    ...(s.warnings.length > 0 ? { warnings: s.warnings.map((w) => ({ ...w, details: [...w.details] })) } : {}),
    toolchain: [...s.toolchain],
    ...(s.exit ? { exit: { code: s.exit.code, ...(s.exit.signal ? { signal: s.exit.signal } : {}) } } : {}),
    ...(s.stall ? { stall: s.stall } : {}),
    ...(stuck.length > 0 ? { stuck } : {}),
    timed: true,
    ...(slowDone.length > 0 ? { slowDone } : {}),
  };
}

function requestState(r: RequestRecord, t0: number): RequestState {
  return {
    url: redactUrl(r.url),
    kind: r.target.kind,
    startedMs: r.startedAt - t0,
    ...(r.endedAt !== undefined ? { endedMs: r.endedAt - t0 } : {}),
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
}

export function moduleState(s: DetectorState, m: ModuleRecord): ModuleState {
  const open = s.open.filter((r) => r.target.module === m.path && r.target.version === m.version);
  const rate = bytesPerSecond(m.samples);
  const base = { path: m.path, version: m.version, bytes: m.bytes, ...(rate !== undefined ? { bytesPerSecond: Math.round(rate) } : {}) };
  if (m.error !== undefined) return { ...base, state: "failed", error: m.error };
  if (m.done) return { ...base, state: "done" };
  if (m.atExit) return m.atExit;
  if (open.length === 0) {
    // Bytes in the cache without a traced request (no -x): the cache tells the state.
    if (m.bytes <= 0 || m.lastBytesAt === undefined) return { ...base, state: "pending" };
    const idleMs = s.now - m.lastBytesAt;
    return { ...base, idleMs, state: idleMs >= s.options.stallTimeoutMs ? "stalled" : "downloading" };
  }
  const idleMs = Math.max(...open.map((r) => s.now - r.lastProgressAt));
  const outstanding = [...new Set(open.map((r) => r.target.kind))];
  const busy = { ...base, idleMs, outstanding };
  if (idleMs >= s.options.stallTimeoutMs) return { ...busy, state: "stalled" };
  const moving = open.some((r) => r.answeredAt !== undefined && r.target.kind !== "info" && r.target.kind !== "mod");
  if (moving && rate !== undefined && rate < s.options.slowThresholdBps) return { ...busy, state: "slow" };
  return { ...busy, state: "downloading" };
}
