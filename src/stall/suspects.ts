// Declares a stall and names what the go command is waiting on: open
// requests, zip bodies, vcs commands, flock holders, or plain silence.
import type { Suspect } from "../report/schema.js";
import type { DetectorState, RequestRecord } from "./state.js";
import { bucketValues } from "./persist.js";
import { TOOLCHAIN_MODULE } from "../trace/url.js";

/** Declares a stall (in `s`) when nothing progressed for the timeout (see detector.ts for the policy). */
export function detectStall(s: DetectorState): void {
  if (s.stallActive) return;
  const idle = s.now - s.lastProgressAt;
  if (idle < s.options.stallTimeoutMs) return;
  const busy = s.open.length > 0 || s.vcs.some((v) => v.endedMs === undefined);
  if (!busy && !silenceCounts(s)) return;
  declare(s, idle);
}

/**
 * Whether silence with nothing outstanding means a stall. Not after go
 * reported its outcome (-json results come when every download ended; error
 * lines come as go finishes), unless a lock wait explains the silence. Not
 * for a saved log (trace-only): a log cannot show silence, only its end.
 * Not once go compiles (see DetectorState.phase).
 */
function silenceCounts(s: DetectorState): boolean {
  if (s.lockWaits.length > 0) return true;
  if (s.options.zipBodies === "trace-only") return false;
  // A compile prints nothing while it works: silence in the build phase is not a stall.
  if (s.phase === "build") return false;
  return !s.sawResults && s.errors.length === 0;
}

/** A lock wait learned after the stall was declared: it explains the silence. */
export function withLockSuspects(s: DetectorState): void {
  if (s.stall) declare(s, s.now - s.lastProgressAt);
}

function declare(s: DetectorState, idle: number): void {
  s.stall = { atMs: s.now - s.t0, idleMs: idle, suspects: suspectsOf(s, idle) };
  s.stallActive = true;
}

/** Outstanding items individually idle past the timeout while the run still moves (most idle first). */
export function stuckItems(s: DetectorState): Suspect[] {
  if (s.exit || s.stallActive) return [];
  const limit = s.options.stallTimeoutMs;
  const found: Suspect[] = s.open.map((r) => requestSuspect(r, s.now));
  for (const v of s.vcs) if (v.endedMs === undefined) found.push(vcsSuspect(v, s.now));
  return found.filter((x) => x.idleMs >= limit).sort((a, b) => b.idleMs - a.idleMs);
}

function suspectsOf(s: DetectorState, idle: number): Suspect[] {
  const found: Suspect[] = [];
  for (const w of s.lockWaits) {
    found.push({
      kind: "lock",
      idleMs: idle,
      lockFile: w.file,
      ...(w.holderPid !== undefined ? { holderPid: w.holderPid } : {}),
      ...(w.holderCommand ? { holderCommand: w.holderCommand } : {}),
    });
  }
  for (const r of s.open) found.push(requestSuspect(r, s.now));
  for (const v of s.vcs) if (v.endedMs === undefined) found.push(vcsSuspect(v, s.now));
  found.push(...untracedZips(s, idle));
  if (found.length === 0) found.push({ kind: "silent", idleMs: idle });
  // Stable: equal idleness keeps lock suspects (the cause of silence) first.
  return found.sort((a, b) => b.idleMs - a.idleMs);
}

/**
 * Zips whose `.tmp` grew in the module cache with no traced request for them
 * (a go command without -x, such as go1.19's `go mod tidy`): the cache alone
 * shows the body that stopped. A toolchain download is never traced (it comes
 * before -x is read): it is named from `go: downloading go1.N.P (os/arch)`
 * even before its first byte.
 */
function untracedZips(s: DetectorState, idle: number): Suspect[] {
  const out: Suspect[] = [];
  for (const m of bucketValues(s.modules)) {
    if (m.done || m.error !== undefined) continue;
    const toolchain = m.path === TOOLCHAIN_MODULE;
    if (!toolchain && (m.bytes <= 0 || m.lastBytesAt === undefined)) continue;
    if (s.open.some((r) => r.target.module === m.path && r.target.version === m.version)) continue;
    out.push({ kind: toolchain ? "toolchain" : "zip-body", module: m.path, version: m.version, bytes: m.bytes, idleMs: m.lastBytesAt === undefined ? idle : s.now - m.lastBytesAt });
  }
  return out;
}

function vcsSuspect(v: { command: string; repo?: string; progressAt: number; bytes?: number }, now: number): Suspect {
  return { kind: "vcs", command: v.command, idleMs: now - v.progressAt, ...(v.repo ? { repo: redactUrl(v.repo) } : {}), ...(v.bytes !== undefined ? { bytes: v.bytes } : {}) };
}

function requestSuspect(r: RequestRecord, now: number): Suspect {
  const body = r.answeredAt !== undefined;
  const kind = r.target.kind === "toolchain" ? "toolchain" : body ? "zip-body" : "http";
  return {
    kind,
    url: redactUrl(r.url),
    idleMs: now - r.lastProgressAt,
    ...(r.target.module ? { module: r.target.module } : {}),
    ...(r.target.version ? { version: r.target.version } : {}),
    ...(body ? { bytes: r.bytes } : {}),
  };
}

/** Masks a password in a URL's userinfo (`https://u:***@host`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, "$1:***@");
}
