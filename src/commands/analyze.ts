// The analyze engine: the same parser, detector and rules over a saved log,
// streamed line by line (a log of any size is never read into memory).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { AnalyzeOptions } from "../options.js";
import type { ProbeResult, Report } from "../report/schema.js";
import type { Context } from "../context/types.js";
import type { Event } from "../trace/events.js";
import type { TraceSummary } from "../stall/types.js";
import type { Stall } from "../report/schema.js";
import { decodeRequestUrl } from "../trace/url.js";
import { lineBatches } from "../trace/lines.js";
import { BrokenUrlJoiner } from "../trace/broken-url.js";
import { JsonResultLines } from "../trace/json-objects.js";
import { parseTraceLine, stripStreamLabel } from "../trace/parse.js";
import { LogSettings } from "../trace/log-settings.js";
import { mayStartWithTimestamp, parseLogTimestamp } from "../trace/timestamps.js";
import { windowsSignal } from "../trace/windows-log.js";
import { gitBashSignal } from "../trace/git-bash-log.js";
import { macosSignal } from "../trace/macos-log.js";
import { createDetectorRun } from "../stall/detector.js";
import { diagnoseEvidence } from "../rules/diagnose.js";
import { loadContext } from "../context/load.js";
import { probeAll } from "../probes/suite.js";
import { ToolError } from "../util/errors.js";
import { buildReport } from "./build-report.js";
import { probeOptionsFor } from "./probe-options.js";

async function openLog(file: string, stdin: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> {
  if (file === "-") return stdin;
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new ToolError("bad-input", `cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  if (info.isDirectory()) throw new ToolError("bad-input", `${file} is a directory, not a log file`);
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", (error: NodeJS.ErrnoException) => reject(new ToolError("bad-input", `cannot read ${file}: ${error.message}`)));
  });
  return stream;
}

export async function runAnalyze(options: AnalyzeOptions, stdin: NodeJS.ReadableStream = process.stdin, signal?: AbortSignal): Promise<Report> {
  const startedAt = Date.now();
  const input = await openLog(options.file, stdin);
  // A log has no module cache to watch: a zip ends at its end line (and the
  // detector's work per line stays flat on logs of any size).
  const detector = createDetectorRun({ stallTimeoutMs: options.stallTimeoutMs, slowThresholdBps: 0, zipBodies: "trace-only" }, 0);
  let lastEvent: Event | undefined;
  let timed = false;
  let first: number | undefined;
  let last = 0;
  let lines = 0;
  // A log from a Windows machine gets its fix commands in PowerShell.
  let windows = false;
  let gitBash = false;
  // macOS too: its go ignores SSL_CERT_FILE (the TLS fix is the keychain).
  let macos = false;
  const json = new JsonResultLines();
  // The GOPROXY the log shows (`export GOPROXY=...`, a go env dump): names a proxy go's error leaves unnamed.
  const settings = new LogSettings();
  const parseLine = (line: string) => {
    const event = parseTraceLine(line, last);
    if (event) {
      detector.push(event);
      if (event.kind !== "output") lastEvent = event;
    }
  };
  const joined = new BrokenUrlJoiner((labelled) => {
    // Before the JSON reader: a labelled `stdout: {` opens go's -json object.
    const line = stripStreamLabel(labelled);
    settings.take(line);
    const results = json.take(line, last);
    if (results) {
      for (const result of results) detector.push((lastEvent = result));
      for (const taken of json.giveBack()) parseLine(taken);
      return;
    }
    parseLine(line);
  });
  // A chunk's lines at a time, each batch synchronously: no promise per line.
  for await (const batch of lineBatches(input)) {
    for (let i = 0; i < batch.length; i++) {
      let rest = batch[i]!;
      if (mayStartWithTimestamp(rest)) {
        const stamped = parseLogTimestamp(rest);
        rest = stamped.rest;
        if (stamped.t !== undefined) {
          timed = true;
          first ??= stamped.t;
          last = Math.max(last, stamped.t - first);
        }
      }
      if (!windows) windows = windowsSignal(rest);
      if (!gitBash) gitBash = gitBashSignal(rest);
      if (!macos) macos = macosSignal(rest);
      joined.push(rest);
    }
    lines += batch.length;
  }
  joined.end();
  const limits: string[] = [];
  if (lines === 0) throw new ToolError("bad-input", `${options.file === "-" ? "standard input" : options.file} is empty: nothing to analyze`);
  // A log whose last word is go's error ended because go exited (it prints a
  // fatal error and stops): what it had still open did not hang.
  const endedByError = lastEvent?.kind === "go-error" || lastEvent?.kind === "go-error-detail";
  // Requests still open at the end of a log cut where go hung are what it
  // waited on: a tick past the stall timeout turns them into suspects.
  const past = options.stallTimeoutMs + 1;
  if (!endedByError) detector.push({ t: last + past, kind: "tick" });
  const trace = { ...detector.summary(), timed };
  if (trace.stall) {
    trace.stall = atLogEnd(trace.stall, past);
    trace.modules = trace.modules.map((m) => (m.idleMs !== undefined ? { ...m, idleMs: Math.max(0, m.idleMs - past) } : m));
  }
  if (endedByError && trace.outstanding.length > 0) {
    limits.push(
      `the log ends with go's error, so go exited there: ${trace.outstanding.length === 1 ? "1 request" : `${trace.outstanding.length} requests`} it had started got no answer line before it did (not a hang)`,
    );
  }
  // go went on to compile (`WORK=...`): every download it needed had completed.
  const endStall = detector.state.phase === "build" ? undefined : logEndStall(trace, lastEvent, last);
  if (endStall) {
    trace.stall = endStall.stall;
    limits.push(endStall.limit);
  }
  if (!timed) {
    limits.push(`the log has no timestamps: how long each request waited, and throughput, cannot be told${endedByError ? "" : "; requests that never ended are listed as suspects"}`);
  }
  let ctx: Context | undefined;
  let probes: ProbeResult[] = [];
  if (options.probe) {
    ctx = await loadContext({ dir: options.dir, ...(options.goBin ? { goBin: options.goBin } : {}), env: process.env, ...(signal ? { signal } : {}) });
    probes = await probeAll(ctx, { reason: "analyze", trace }, probeOptionsFor(options), { timeoutMs: options.probeTimeoutMs, ...(signal ? { signal } : {}) });
  } else {
    limits.push("no probes were run (add --probe to check this machine's network path and settings)");
  }
  const seen = {
    ...(settings.goproxy !== undefined ? { GOPROXY: settings.goproxy } : {}),
    ...(settings.httpProxyOnly !== undefined ? { httpProxyOnly: settings.httpProxyOnly } : {}),
    ...(settings.gopathGet !== undefined ? { gopathGet: settings.gopathGet } : {}),
    ...(settings.nixBuild ? { nixBuild: true } : {}),
  };
  const logSettings = Object.keys(seen).length > 0 ? { logSettings: seen } : {};
  // Git Bash runs on Windows (go's errors, the TLS store and DNS are Windows'), but its shell is bash: POSIX fixes.
  const os = windows || gitBash ? "windows" : macos ? "darwin" : undefined;
  const findings = diagnoseEvidence({ outcome: "analyzed", ...(ctx ? { ctx } : {}), trace, probes, ...logSettings, ...(os ? { os } : {}) });
  const problem = findings.some((f) => f.severity === "blocker" || f.severity === "warning");
  return buildReport({
    command: "analyze",
    outcome: "analyzed",
    exitCode: problem ? 1 : 0,
    startedAt,
    endedAt: Date.now(),
    ...(ctx ? { ctx } : {}),
    trace,
    probes,
    findings,
    shell: windows && !gitBash ? "powershell" : "posix",
    limits,
  });
}

/**
 * The stall as a log can tell it: the tick past the stall timeout is no
 * measure of how long go waited, only the time up to the log's last line is.
 */
function atLogEnd(stall: Stall, past: number): Stall {
  const shorter = (ms: number): number => Math.max(0, ms - past);
  return { ...stall, atMs: shorter(stall.atMs), idleMs: shorter(stall.idleMs), suspects: stall.suspects.map((s) => ({ ...s, idleMs: shorter(s.idleMs), logEnd: true })) };
}

/**
 * A log that stops with no error and no outcome was cut where go hung (that is
 * why people save it). After a zip's `200 OK`, the body was what go waited on
 * (go prints nothing when a body completes); after another finished request,
 * nothing network-bound was outstanding.
 */
function logEndStall(trace: TraceSummary, lastEvent: Event | undefined, at: number): { stall: Stall; limit: string } | undefined {
  if (trace.stall || trace.errors.length > 0 || trace.exit || !lastEvent || lastEvent.kind !== "http-end") return undefined;
  const target = decodeRequestUrl(lastEvent.url);
  const ok = lastEvent.status !== undefined && lastEvent.status >= 200 && lastEvent.status < 300;
  if (ok && target.kind === "zip" && target.module && target.version) {
    const module = trace.modules.find((m) => m.path === target.module && m.version === target.version);
    if (module) module.state = "stalled";
    return {
      stall: { atMs: at, idleMs: 0, suspects: [{ kind: "zip-body", module: target.module, version: target.version, url: lastEvent.url, idleMs: 0, logEnd: true }] },
      limit: `the log ends right after the headers of ${target.module}@${target.version}'s zip: its body is what go was receiving when the log stopped (a log cannot show whether it was still moving)`,
    };
  }
  if (trace.modules.every((m) => m.state === "done")) return undefined;
  return {
    stall: { atMs: at, idleMs: 0, suspects: [{ kind: "silent", idleMs: 0, logEnd: true }] },
    limit: "the log ends right after a finished request, with nothing outstanding and no error: if go hung there, it was not waiting on the network",
  };
}
