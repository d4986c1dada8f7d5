// `gomod-doctor probe`: options in, report out.
import path from "node:path";
import { CommonFlagsSchema, parseFlags, resolveProcessOutput } from "../options.js";
import { runProbeCommand } from "./probe.js";
import { renderReport } from "./render.js";
import { createProgress } from "../progress.js";
import { renderNdjsonEvent } from "../report/ndjson-event.js";
import { interruptSignal, reportOrInterrupted } from "./interrupt.js";

export async function probeCommand(dir: string, raw: Record<string, unknown>): Promise<number> {
  const flags = parseFlags(CommonFlagsSchema, raw);
  const output = resolveProcessOutput(flags);
  const progress = createProgress(output);
  const interrupt = interruptSignal();
  try {
    const report = await reportOrInterrupted("probe", interrupt, () =>
      runProbeCommand(
        {
          output,
          dir: path.resolve(dir),
          ...(flags.go ? { goBin: flags.go } : {}),
          probeTimeoutMs: flags.probeTimeout,
          // The pre-flight measures mirrors by default: it has no download to wait for.
          mirrors: flags.mirrors !== false,
          ...(flags.mirror ? { mirrorUrls: flags.mirror } : {}),
        },
        (result) => {
          if (output.mode === "ndjson") process.stdout.write(`${renderNdjsonEvent({ type: "probe", t: Date.now(), data: { ...result } })}\n`);
        },
        interrupt.signal,
        () => progress.note("probing the network path and the module cache"),
      ),
    );
    progress.stop();
    return await renderReport(report, output);
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}
