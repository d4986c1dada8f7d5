// `gomod-doctor diagnose`: options in, report out, exit code back to the CLI.
import path from "node:path";
import { DiagnoseFlagsSchema, parseFlags, resolveProcessOutput, type DiagnoseOptions } from "../options.js";
import { goArgsFrom } from "../supervise/go-args.js";
import { createProgress } from "../progress.js";
import { runDiagnose } from "./diagnose.js";
import { renderNdjsonEvent } from "../report/ndjson-event.js";
import { interruptSignal, reportOrInterrupted } from "./interrupt.js";
import { formatBytes, formatMs } from "../util/format.js";
import { redactText } from "../util/redact.js";

const loadRenderer = () => import("./render.js");

export async function diagnoseCommand(dir: string, goCommand: string[] | undefined, raw: Record<string, unknown>): Promise<number> {
  const flags = parseFlags(DiagnoseFlagsSchema, raw);
  const output = resolveProcessOutput(flags);
  const goArgs = goArgsFrom(goCommand);
  const options: DiagnoseOptions = {
    output,
    dir: path.resolve(dir),
    ...(flags.go ? { goBin: flags.go } : {}),
    probeTimeoutMs: flags.probeTimeout,
    mirrors: Boolean(flags.mirrors),
    ...(flags.mirror ? { mirrorUrls: flags.mirror } : {}),
    stallTimeoutMs: flags.stallTimeout,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    slowThresholdBps: flags.slowThreshold,
    keepGoing: Boolean(flags.keepGoing),
    goArgs,
  };
  const progress = createProgress(output);
  const passthrough = goCommand !== undefined && output.mode === "human";
  const interrupt = interruptSignal();
  let rendering: ReturnType<typeof loadRenderer> | undefined;
  try {
    const report = await reportOrInterrupted("diagnose", interrupt, () =>
      runDiagnose(
        options,
        {
          onEvent: (event) => {
            if (output.mode === "ndjson" && event.kind !== "tick") {
              process.stdout.write(`${renderNdjsonEvent({ type: "event", t: event.t, data: { ...event } })}\n`);
            }
          },
          onVerdict: (verdict) => {
            if (output.mode === "ndjson") {
              process.stdout.write(`${renderNdjsonEvent({ type: "verdict", t: Date.now(), data: { ...verdict } })}\n`);
            }
            if (verdict.kind === "stalled") {
              const top = verdict.stall.suspects[0];
              const named = top ? (top.url ?? top.command ?? top.lockFile ?? [top.module, top.version].filter(Boolean).join("@")) : "";
              const what = named ? redactText(named) : "the go command (it printed nothing)";
              const bytes = top?.bytes !== undefined ? `, ${formatBytes(top.bytes)} received` : "";
              progress.note(`stalled: no progress for ${formatMs(verdict.stall.idleMs)} on ${what}${bytes}`);
            }
          },
          onTick: (summary, elapsedMs) => progress.update(summary, elapsedMs),
          onPhase: (phase, detail) => {
            if (phase === "download") {
              progress.note(`running ${redactText(detail ?? "go")}`);
              // The renderers load while go runs (the import starts after the spawn).
              rendering = loadRenderer();
              rendering.catch(() => undefined); // awaited after the run; a failed run never awaits it
            }
            if (phase === "probing") progress.note("probing the network path and the module cache");
          },
          onPassthrough: passthrough ? (_stream, line) => progress.passthrough(line) : undefined,
          onProbe: (result) => {
            if (output.mode === "ndjson") {
              process.stdout.write(`${renderNdjsonEvent({ type: "probe", t: Date.now(), data: { ...result } })}\n`);
            }
          },
          onInterim: (findings) => {
            if (output.mode === "ndjson") {
              process.stdout.write(`${renderNdjsonEvent({ type: "verdict", t: Date.now(), data: { kind: "diagnosed", keepGoing: true, findings } })}\n`);
              return;
            }
            const top = findings[0];
            const text = top ? `${top.code} ${top.title}${top.fixes[0]?.commands[0] ? ` (fix: ${top.fixes[0].commands[0]})` : ""}` : "no cause found yet";
            progress.note(`diagnosis so far, go keeps running (--keep-going): ${redactText(text)}`);
          },
        },
        interrupt.signal,
      ),
    );
    progress.stop();
    const { renderReport } = await (rendering ?? loadRenderer());
    return await renderReport(report, output);
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}
