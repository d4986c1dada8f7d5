// GMD6xx: downloads that move but slowly, and a measured faster mirror.
import type { Finding, ModuleState } from "../report/schema.js";
import { formatBytes, formatMs } from "../util/format.js";
import { probed } from "./facts.js";
import { moduleOfUrl } from "./observe.js";
import { announcedSize, roundUp, sizedZip } from "./zip-size.js";
import { makeFinding, mirrorFix, reachableMirrors, settingFix } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const SLOW_DOWNLOAD: CauseInfo = {
  code: "GMD601",
  name: "slow-download",
  title: "Downloads are slow but progressing",
  explain:
    "Module zips keep arriving, below the slow threshold (bytes per second). This is not a stall: the byte counter of the zip's `.zip*.tmp` " +
    "file in the module cache keeps growing, so waiting finishes the job. A congested link, a distant proxy or a bandwidth-limited CI runner " +
    "causes it; a closer mirror (measured by the `mirror` probes) or a warm module cache (CI cache of GOMODCACHE) helps.",
};

export const FASTER_MIRROR: CauseInfo = {
  code: "GMD602",
  name: "faster-mirror",
  title: "A faster module mirror is reachable",
  explain:
    "A `mirror:*` probe measured another module mirror answering faster (or answering at all, when the current proxy does not). " +
    "Only reported from measurements, never guessed. Switching GOPROXY to it keeps checksum verification (the mirror serves the same " +
    "module zips, verified against sum.golang.org).",
};

/**
 * Below this rate an hour brings less than 1 MiB, less than many module zips:
 * no --timeout is a fix (the trace cannot see a zip's size, so the rate decides).
 */
const HOPELESS_BPS = Math.floor((1 << 20) / 3600);

/** The slowest zip still arriving at a rate no wait can finish, if any. */
function hopeless(e: Evidence): ModuleState | undefined {
  const moving = (e.trace?.modules ?? []).filter((m) => (m.state === "slow" || m.state === "downloading") && m.bytes > 0 && m.bytesPerSecond !== undefined);
  const slowest = moving.sort((a, b) => a.bytesPerSecond! - b.bytesPerSecond!)[0];
  return slowest && slowest.bytesPerSecond! < HOPELESS_BPS ? slowest : undefined;
}

/** `at 1 B/s an hour brings 3.5 KiB`. */
function hourAt(m: ModuleState): string {
  return `at ${formatBytes(m.bytesPerSecond!)}/s an hour brings ${formatBytes(m.bytesPerSecond! * 3600)}`;
}

function slowFindings(e: Evidence): Finding[] {
  const slow = (e.trace?.modules ?? []).filter((m) => m.state === "slow" && m.bytes > 0);
  // Zips that completed below the threshold: their state is done, the detector remembers the rate.
  const finished = e.trace?.slowDone ?? [];
  if (slow.length === 0 && finished.length === 0) return [];
  const mirror = mirrorFix(e, "Use the mirror measured faster");
  const count = slow.length + finished.length;
  const crawl = hopeless(e);
  return [
    makeFinding(SLOW_DOWNLOAD, {
      severity: e.outcome === "ok" ? "info" : "warning",
      confidence: 0.8,
      why:
        slow.length > 0
          ? `${slow.length === 1 ? "One module zip is" : `${slow.length} module zips are`} still arriving, slowly: this is not a stall, ` +
            (crawl ? `but waiting is no fix either: ${hourAt(crawl)}, less than many module zips.` : "waiting finishes it.")
          : `${count === 1 ? "One module zip" : `${count} module zips`} arrived below the slow threshold: not a stall, the download completed.`,
      evidence: [
        ...slow.map(
          (m) =>
            `${m.path}@${m.version}: ${formatBytes(m.bytes)} so far at ${formatBytes(m.bytesPerSecond ?? 0)}/s` +
            (m.etaSeconds !== undefined ? `, about ${formatMs(m.etaSeconds * 1000)} left` : "") +
            (m.idleMs !== undefined ? `, last bytes ${formatMs(m.idleMs)} ago` : ""),
        ),
        ...finished.map((m) => `${m.module}@${m.version}: ${formatBytes(m.bytes)} in ${formatMs(m.bodyMs)}, at ${formatBytes(m.bytesPerSecond)}/s`),
      ].slice(0, 4),
      modules: [...new Set([...slow.map((m) => m.path), ...finished.map((m) => m.module)])],
      fixes: [...(mirror ? [mirror] : []), moreTimeFix(e)],
    }),
  ];
}

/** The still-arriving zip that needs longest in all (announced size / measured rate), when the probe read a size. */
function longestNeeded(e: Evidence): { m: ModuleState; size: number; seconds: number } | undefined {
  let best: { m: ModuleState; size: number; seconds: number } | undefined;
  for (const m of e.trace?.modules ?? []) {
    if ((m.state !== "slow" && m.state !== "downloading") || !m.bytesPerSecond) continue;
    const size = announcedSize(e, m);
    if (!size || size <= m.bytes) continue;
    const seconds = size / m.bytesPerSecond;
    if (!best || seconds > best.seconds) best = { m, size, seconds };
  }
  return best;
}

/** Ended by --timeout: a longer one, long enough at the rate measured; ended as stalled: a longer stall timeout; too slow for any: the path. */
function moreTimeFix(e: Evidence): { summary: string; commands: string[] } {
  const crawl = hopeless(e);
  if (crawl) {
    // The run may be over (--timeout ended it): its requests still list the zip.
    const url = (e.trace?.requests ?? []).find((r) => r.kind === "zip" && r.url.endsWith(`/@v/${crawl.version}.zip`) && moduleOfUrl(r.url) === crawl.path)?.url;
    return {
      summary: `No --timeout is long enough: ${hourAt(crawl)}. Find what throttles the path to the proxy (measure it from here), or fetch from another source`,
      commands: [url ? `curl -sS -o /dev/null -m 30 -w '%{speed_download} bytes/s\\n' ${url}` : "go mod download -x"],
    };
  }
  if (e.outcome !== "timeout") return { summary: "Give the run more time instead of ending it as stalled", commands: ["gomod-doctor diagnose --stall-timeout 120"] };
  const ranMs = e.trace?.endedMs ?? e.trace?.lastProgressMs ?? 0;
  const needed = longestNeeded(e);
  if (needed) {
    const { m, size, seconds } = needed;
    return {
      summary: `Give the run the time the zips need: at ${formatBytes(m.bytesPerSecond!)}/s the ${formatBytes(size)} zip of ${m.path}@${m.version} (the size the server announces) takes about ${formatMs(seconds * 1000)}, plus some margin`,
      commands: [`gomod-doctor diagnose --timeout ${roundUp(seconds * 1.25 + 10)}`],
    };
  }
  return { summary: "Give the run more time than --timeout gave it", commands: [`gomod-doctor diagnose --timeout ${Math.max(60, Math.ceil((ranMs * 2) / 60_000) * 60)}`] };
}

function endlessFix(e: Evidence, version: string): { summary: string; commands: string[] } {
  const url = (e.trace?.outstanding ?? []).find((r) => r.url.endsWith(`/@v/${version}.zip`))?.url;
  return {
    summary: "Ask the server for that zip by hand and see where its body ends",
    commands: [url ? `curl -sS -o /dev/null --max-filesize ${MAX_ZIP} -w '%{http_code} %{size_download} bytes\\n' ${url}` : "go mod download -x"],
  };
}

/** The largest module zip the go command accepts (golang.org/x/mod/zip MaxZipFile). */
const MAX_ZIP = 500 << 20;

/**
 * --timeout ended a run whose downloads were still moving: nothing stalled,
 * the run needed more time (a slow zip is reported by slowFindings as well).
 */
function timedOutMoving(e: Evidence): Finding[] {
  if (e.outcome !== "timeout" || e.trace?.stall) return [];
  // A zip whose announced size the probe read is zip-size.ts's (GMD115): its size, rate and the --timeout that does.
  const moving = (e.trace?.modules ?? []).filter((m) => m.state === "downloading" && m.bytes > 0 && sizedZip(e, m) === undefined);
  if (moving.length === 0) return [];
  const endless = moving.filter((m) => m.bytes > MAX_ZIP);
  const mirror = mirrorFix(e, "Use the mirror measured faster");
  return [
    makeFinding(SLOW_DOWNLOAD, {
      title: `--timeout ended the run while ${moving.length === 1 ? `${moving[0]!.path}@${moving[0]!.version} was` : `${moving.length} modules were`} still downloading`,
      // What ended the run: a blocker even when waiting longer would have done.
      severity: "blocker",
      confidence: 0.85,
      why:
        endless.length > 0
          ? `The zip body of ${endless[0]!.path}@${endless[0]!.version} kept coming past ${formatBytes(MAX_ZIP)}, more than any module zip may be: the server sends a body without an end.`
          : "Nothing had stalled: the zips were still arriving when --timeout ended the run. It needs more time than --timeout gave it, or a faster source.",
      evidence: moving
        .slice(0, 4)
        .map((m) => `${m.path}@${m.version}: ${formatBytes(m.bytes)} so far at ${formatBytes(m.bytesPerSecond ?? 0)}/s` + (m.idleMs !== undefined ? `, last bytes ${formatMs(m.idleMs)} before the end` : "")),
      modules: moving.map((m) => m.path),
      fixes: endless.length > 0 ? [endlessFix(e, endless[0]!.version)] : [moreTimeFix(e), ...(mirror ? [mirror] : [])],
    }),
  ];
}

function fasterMirror(e: Evidence): Finding[] {
  const mirrors = reachableMirrors(e);
  const best = mirrors[0];
  if (!best) return [];
  const current = probed(e, "goproxy")[0];
  const currentBps = current?.facts.zip?.bytesPerSecond ?? current?.facts.http?.bytesPerSecond;
  const currentTtfb = current?.facts.http?.ttfbMs;
  const currentFailed = current !== undefined && (current.facts.failedStep !== undefined || current.result.status === "fail");
  const sameHost = current !== undefined && best.url.replace(/\/+$/, "") === current.facts.url.replace(/\/+$/, "");
  if (!current || sameHost) return [];
  const faster =
    currentFailed ||
    (best.bytesPerSecond !== undefined && currentBps !== undefined && best.bytesPerSecond >= 2 * currentBps) ||
    (best.bytesPerSecond === undefined && best.ttfbMs !== undefined && currentTtfb !== undefined && best.ttfbMs * 3 <= currentTtfb && currentTtfb - best.ttfbMs >= 300);
  if (!faster) return [];
  const measured = (bps?: number, ttfb?: number): string =>
    [bps !== undefined ? `${formatBytes(bps)}/s` : "", ttfb !== undefined ? `first byte ${formatMs(ttfb)}` : ""].filter(Boolean).join(", ") || "answered";
  return [
    makeFinding(FASTER_MIRROR, {
      title: `A faster module mirror is reachable: ${best.url}`,
      severity: "info",
      confidence: currentFailed ? 0.8 : 0.7,
      why: currentFailed
        ? `The current proxy ${current.facts.url} failed its probe while ${best.url} answered.`
        : `${best.url} measured faster than the current proxy ${current.facts.url}.`,
      evidence: [
        `mirror ${best.url}: ${measured(best.bytesPerSecond, best.ttfbMs)}`,
        `current ${current.facts.url}: ${currentFailed ? `failed (${current.facts.failedStep ?? current.result.status})` : measured(currentBps, currentTtfb)}`,
      ],
      fixes: [settingFix(e, `Use ${best.url}, then direct for modules it does not have`, "GOPROXY", `${best.url},direct`)],
    }),
  ];
}

export const performanceFamily: RuleFamily = {
  family: "performance",
  causes: [SLOW_DOWNLOAD, FASTER_MIRROR],
  evaluate(e) {
    return [...slowFindings(e), ...timedOutMoving(e), ...fasterMirror(e)];
  },
};
