// `gomod-doctor analyze [file|-]`: options in, report out.
import path from "node:path";
import { AnalyzeFlagsSchema, parseFlags, resolveProcessOutput } from "../options.js";
import { runAnalyze } from "./analyze.js";
import { renderReport } from "./render.js";
import { interruptSignal, reportOrInterrupted } from "./interrupt.js";

export async function analyzeCommand(file: string, raw: Record<string, unknown>): Promise<number> {
  const flags = parseFlags(AnalyzeFlagsSchema, raw);
  const output = resolveProcessOutput(flags);
  const interrupt = interruptSignal();
  try {
    const report = await reportOrInterrupted("analyze", interrupt, () =>
      runAnalyze(
        {
          output,
          file,
          dir: path.resolve(typeof raw.dir === "string" ? raw.dir : "."),
          ...(flags.go ? { goBin: flags.go } : {}),
          probeTimeoutMs: flags.probeTimeout,
          mirrors: Boolean(flags.mirrors),
          ...(flags.mirror ? { mirrorUrls: flags.mirror } : {}),
          stallTimeoutMs: flags.stallTimeout,
          probe: Boolean(flags.probe),
        },
        process.stdin,
        interrupt.signal,
      ),
    );
    return await renderReport(report, output);
  } finally {
    interrupt.dispose();
  }
}
