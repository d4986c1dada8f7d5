// GMD603: what the go command was waiting on when the user interrupted it.
// No probes run after Ctrl-C (the user asked to stop), but the trace already
// says which request was pending, how much of it had arrived and how long it
// had been silent: often the very stall the user gave up on.
import type { Finding, ModuleState, RequestState } from "../report/schema.js";
import { decodeRequestUrl } from "../trace/url.js";
import { formatBytes, formatMs } from "../util/format.js";
import { makeFinding } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const IN_FLIGHT_AT_INTERRUPT: CauseInfo = {
  code: "GMD603",
  name: "in-flight-at-interrupt",
  title: "What was in flight when the run was interrupted",
  explain:
    "The run was ended by Ctrl-C (or SIGTERM) before the stall timeout or a failure, so nothing was probed. The trace still shows what the " +
    "go command was waiting on at that moment: the request (or git command, or lock) that had gone quiet longest, the bytes of it that had " +
    "arrived, and for how long nothing had come. A request silent for many seconds is usually the stall itself: run `gomod-doctor diagnose` " +
    "again and let it reach --stall-timeout (or lower it) to have it probed and diagnosed.",
};

/** The message onExit gives requests that were still open when go was ended. */
const ENDED_OPEN = "go exited before this request ended";

interface Pending {
  what: string;
  url?: string;
  bytes?: number;
  silentMs: number;
  module?: string;
}

function moduleOf(e: Evidence, r: RequestState): ModuleState | undefined {
  const target = decodeRequestUrl(r.url);
  if (!target.module || !target.version) return undefined;
  return e.trace?.modules.find((m) => m.path === target.module && m.version === target.version);
}

function pendingItems(e: Evidence): Pending[] {
  const trace = e.trace;
  if (!trace) return [];
  const end = trace.endedMs ?? trace.lastProgressMs;
  const out: Pending[] = [];
  const open = [...trace.outstanding, ...trace.requests.filter((r) => r.error === ENDED_OPEN)];
  const seen = new Set<string>();
  for (const r of open) {
    if (seen.has(r.url)) continue;
    seen.add(r.url);
    const m = moduleOf(e, r);
    // A zip whose headers came is silent since its last byte (the module knows); any other request since it started.
    const silentMs = m?.idleMs ?? Math.max(0, end - r.startedMs);
    out.push({
      what: r.status !== undefined ? `the body of ${r.url} (headers: ${r.status})` : r.url,
      url: r.url,
      ...(m && m.bytes > 0 ? { bytes: m.bytes } : {}),
      silentMs,
      ...(m ? { module: m.path } : {}),
    });
  }
  for (const v of trace.vcs) {
    if (v.endedMs !== undefined) continue;
    out.push({ what: `\`${v.command}\`${v.repo ? ` for ${v.repo}` : ""}`, ...(v.bytes ? { bytes: v.bytes } : {}), silentMs: Math.max(0, end - v.startedMs) });
  }
  // A lock wait is not ended by any event: only when nothing else was pending is it still the wait.
  for (const w of out.length === 0 ? trace.lockWaits : []) {
    out.push({ what: `the lock ${w.file}${w.holderPid !== undefined ? ` held by pid ${w.holderPid}` : ""}`, silentMs: Math.max(0, end - w.sinceMs) });
  }
  return out.sort((a, b) => b.silentMs - a.silentMs);
}

/** One line: what, bytes so far, silence (also the headline's detail). */
export function describePending(p: Pending): string {
  return `waiting on ${p.what}${p.bytes !== undefined ? `, ${formatBytes(p.bytes)} received` : ""}, nothing for ${formatMs(p.silentMs)}`;
}

function inFlight(e: Evidence): Finding[] {
  if (e.outcome !== "interrupted") return [];
  const items = pendingItems(e);
  if (items.length === 0) return [];
  const first = items[0]!;
  const stuck = first.silentMs >= 5_000;
  return [
    makeFinding(IN_FLIGHT_AT_INTERRUPT, {
      title: `Interrupted while ${describePending(first)}`,
      severity: "info",
      confidence: 0.9,
      why:
        (stuck
          ? "Nothing had arrived for it for a while: the run was most likely stalled there when it was interrupted. "
          : "It was still moving recently: the run may simply have needed more time. ") +
        "The probes were not run (the run was interrupted), so the cause is not diagnosed.",
      evidence: items.slice(0, 4).map(describePending),
      modules: [...new Set(items.flatMap((p) => (p.module ? [p.module] : [])))],
      fixes: [
        {
          summary: stuck ? "Run it again and let the stall detector end and diagnose it (a shorter --stall-timeout gets there sooner)" : "Run it again and give it time",
          commands: [stuck ? `gomod-doctor diagnose --stall-timeout ${Math.max(5, Math.min(30, Math.floor(first.silentMs / 1000)))}` : "gomod-doctor diagnose"],
        },
      ],
    }),
  ];
}

export const inFlightFamily: RuleFamily = {
  family: "in-flight",
  causes: [IN_FLIGHT_AT_INTERRUPT],
  evaluate: inFlight,
};
