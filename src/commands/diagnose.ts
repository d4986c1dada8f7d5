// The diagnose engine: read the settings, run the go command under watch, and
// on a stall or failure probe and judge. Returns a Report; never prints.
import type { DiagnoseOptions } from "../options.js";
import type { Event } from "../trace/events.js";
import type { TraceSummary, Verdict } from "../stall/types.js";
import type { Finding, Outcome, ProbeResult, Report } from "../report/schema.js";
import type { Context } from "../context/types.js";
import { locateModuleAndGo, readContext, supportedByVersionFile } from "../context/load.js";
import { runGo, type RunOutcome } from "../supervise/run-go.js";
import { dropUnsupportedX } from "../supervise/x-support.js";
import { needsNoModule } from "../supervise/go-args.js";
import { scratchCopies } from "../supervise/scratch-copies.js";
import { layeredValue, readEnvLayers } from "../context/env-files.js";
import { probeAll } from "../probes/suite.js";
import { buildReport } from "./build-report.js";
import { findingsForShell, hostOs, hostShell } from "../report/fix-shell.js";
import { probeOptionsFor } from "./probe-options.js";

export interface DiagnoseHooks {
  onEvent?: (event: Event) => void;
  onVerdict?: (verdict: Verdict, summary: TraceSummary) => void;
  /** `summary` builds the running picture when called (not for free: call it only to show it). */
  onTick?: (summary: () => TraceSummary, elapsedMs: number) => void;
  onPhase?: (phase: "download" | "probing" | "judging", detail?: string) => void;
  onPassthrough?: (stream: "stdout" | "stderr", line: string) => void;
  onProbe?: (result: ProbeResult) => void;
  /** --keep-going: the diagnosis of a stall while the go command keeps running. */
  onInterim?: (findings: Finding[], summary: TraceSummary) => void;
}

/** The rules are not needed to watch go: they load while it runs (the import starts after the spawn, which is synchronous). */
const rules = () => import("../rules/diagnose.js");

/** Go commands whose job is fetching modules: a failure of theirs is always probed. */
const FETCH_COMMANDS = new Set(["mod download", "mod tidy", "mod graph", "mod vendor", "mod verify", "mod why", "get", "work sync", "work vendor"]);

const EXIT: Record<RunOutcome, number> = { ok: 0, failed: 1, stalled: 3, timeout: 3, interrupted: 130 };

export async function runDiagnose(options: DiagnoseOptions, hooks: DiagnoseHooks = {}, signal?: AbortSignal): Promise<Report> {
  const startedAt = Date.now();
  const moduleOptional = needsNoModule(options.goArgs);
  const located = await locateModuleAndGo({ dir: options.dir, ...(options.goBin ? { goBin: options.goBin } : {}), env: process.env, moduleOptional });
  // Without -x (not accepted by this go for this subcommand) only the module cache shows progress.
  const goArgs = await dropUnsupportedX(located.goBin, options.goArgs, process.env);
  const scratch = await scratchCopies({ args: goArgs, ...located, moduleOptional, ...(await scratchSettings(process.env)) });
  const readSettings = () => readContext(located, { env: process.env, moduleOptional, ...(signal ? { signal } : {}) });
  // go starts first and its settings are read while it runs (go env and go
  // mod edit take tens of milliseconds), unless only go env can tell whether
  // this go is one gomod-doctor supports.
  const readFirst = (await supportedByVersionFile(located.goBin)) ? undefined : await readSettings();
  let settingsRead!: (ctx: Promise<Context>) => void;
  const reading = new Promise<Context>((resolve) => (settingsRead = resolve));
  // Said once the settings are known to be good: a bad go.mod is one error line, not a "running" line first.
  // Run from a subdirectory or a workspace: say which module (or go.work) go works on.
  const where = (ctx: Context) => (ctx.workFile ? ` (workspace ${ctx.workFile})` : ctx.runDir ? ` (module ${ctx.dir})` : "");
  reading.then((ctx) => hooks.onPhase?.("download", [located.goBin, ...goArgs].join(" ") + where(ctx)), () => undefined);
  const judge = rules();
  judge.catch(() => undefined); // awaited after the run
  const running = runGo({
    goBin: located.goBin,
    dir: located.dir,
    gomodcache: reading.then((ctx) => ctx.env.GOMODCACHE),
    args: scratch?.args ?? goArgs,
    ...(scratch ? { relabel: scratch.relabel } : {}),
    env: scratch ? { ...process.env, ...scratch.env } : process.env,
    stallTimeoutMs: options.stallTimeoutMs,
    slowThresholdBps: options.slowThresholdBps,
    keepGoing: options.keepGoing,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(signal ? { signal } : {}),
    ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
    onVerdict: (verdict, summary) => {
      hooks.onVerdict?.(verdict, summary);
      // With --keep-going the stall is diagnosed now, and go is left running.
      if (verdict.kind === "stalled" && options.keepGoing && hooks.onInterim) {
        void reading.then((ctx) => interimDiagnosis(ctx, options, summary, signal)).then((findings) => hooks.onInterim?.(findings, summary), () => undefined);
      }
    },
    ...(hooks.onTick ? { onTick: hooks.onTick } : {}),
    ...(hooks.onPassthrough ? { onPassthrough: hooks.onPassthrough } : {}),
  });
  // runGo has spawned go by now (its spawn is synchronous): the settings are read while go runs.
  settingsRead(readFirst ? Promise.resolve(readFirst) : readSettings());
  const run = await running.finally(() => scratch?.cleanup());

  const ctx = await reading;
  const limits = goArgs.includes("-x") ? [] : [`go ${goArgs.slice(0, 2).join(" ")} does not accept -x in ${ctx.goVersion}: its requests were not traced, only the module cache was watched`];
  const outcome: Outcome = run.outcome;
  limits.push(...run.limits);
  if (run.ended.length > 0) limits.push(`ended the go process tree (${run.ended.length} process${run.ended.length === 1 ? "" : "es"})`);

  let probes: ProbeResult[] = [];
  const fetching = fetchRelated(run.summary);
  // go build/test/vet that fetched everything and failed on the code: nothing on the network to probe.
  const ownFailure = run.outcome === "failed" && !fetching && !FETCH_COMMANDS.has(goArgs.slice(0, 2).join(" ")) && !FETCH_COMMANDS.has(goArgs[0] ?? "");
  const needProbes = run.outcome !== "ok" && run.outcome !== "interrupted" && !ownFailure;
  if (needProbes) {
    hooks.onPhase?.("probing");
    const trigger = { reason: run.outcome === "failed" ? ("failure" as const) : ("stall" as const), trace: run.summary };
    const probeOptions = probeOptionsFor(options);
    probes = await probeAll(ctx, trigger, probeOptions, { timeoutMs: options.probeTimeoutMs, ...(signal ? { signal } : {}), ...(hooks.onProbe ? { onResult: hooks.onProbe } : {}) });
  } else if (run.outcome === "interrupted") {
    limits.push("interrupted: the probes were not run");
  } else if (ownFailure) {
    limits.push(`go ${goArgs[0]} failed on its own errors after fetching what it needed: the probes were not run`);
  }

  hooks.onPhase?.("judging");
  const trace = run.outcome === "failed" ? withOwnErrors(run.summary, run.ownLines) : run.summary;
  const own = ownFailure ? { ownFailure: { command: `go ${goArgs.filter((a) => a !== "-x").join(" ")}`, lines: run.ownLines } } : {};
  const findings = (await judge).diagnoseEvidence({ outcome, ctx, trace, probes, promptWaiters: run.promptWaiters, ...own, ...hostOs() });
  // A go command that failed for reasons other than fetching modules (compile
  // errors, failing tests) keeps its own exit code: it is passed through.
  let exitCode = EXIT[run.outcome];
  if (run.outcome === "failed" && !fetching && findings.every((f) => f.severity !== "blocker")) {
    // go's own code, except where it would read as ours (2 = could not run, 3 = stalled).
    exitCode = run.exitCode === null || run.exitCode === 2 || run.exitCode === 3 ? 1 : run.exitCode;
  }
  return buildReport({
    command: "diagnose",
    outcome,
    exitCode,
    startedAt,
    endedAt: Date.now(),
    ctx,
    goCommand: ["go", ...goArgs],
    trace,
    probes,
    findings,
    shell: hostShell(),
    limits,
  });
}

/** The settings that decide whether go can work on scratch copies, as go reads them (environment, then the go env file). */
async function scratchSettings(env: NodeJS.ProcessEnv): Promise<{ goflags: string; go111module: string }> {
  const layers = await readEnvLayers(env, undefined);
  return { goflags: layeredValue(layers, "GOFLAGS"), go111module: layeredValue(layers, "GO111MODULE") };
}

/**
 * A failed go command that printed no `go:` error (a compile error, a failing
 * test) still said why: its own lines become the error the report quotes.
 */
function withOwnErrors(summary: TraceSummary, lines: string[]): TraceSummary {
  if (summary.errors.length > 0 || lines.length === 0) return summary;
  // `# pkg` headers name the package; the first `file.go:L:C: msg` line is the error itself.
  const at = Math.max(0, lines.findIndex((l) => !l.startsWith("# ")));
  return { ...summary, errors: [{ message: lines[at]!, details: lines.filter((_, i) => i !== at) }] };
}

async function interimDiagnosis(ctx: Context, options: DiagnoseOptions, trace: TraceSummary, signal?: AbortSignal): Promise<Finding[]> {
  const probes = await probeAll(ctx, { reason: "stall", trace }, probeOptionsFor(options), { timeoutMs: options.probeTimeoutMs, ...(signal ? { signal } : {}) });
  return findingsForShell((await rules()).diagnoseEvidence({ outcome: "stalled", ctx, trace, probes, ...hostOs() }), hostShell());
}

/** Whether a failed run failed while fetching modules (vs compiling or testing). */
function fetchRelated(summary: TraceSummary): boolean {
  return summary.errors.length > 0 || summary.modules.some((m) => m.state === "failed" || m.state === "stalled");
}
