// Ctrl-C and SIGTERM become an AbortSignal, so the engine can end the go
// process tree and still report, instead of the tool dying with orphans.
// The exit code then follows the shell convention, 128 + the signal number:
// 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
import type { Report } from "../report/schema.js";
import { buildReport } from "./build-report.js";
import { hostShell } from "../report/fix-shell.js";

const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export function signalExitCode(signal: NodeJS.Signals): number {
  return SIGNAL_EXIT[signal] ?? 130;
}

export interface Interrupt {
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): NodeJS.Signals | undefined;
  dispose(): void;
}

export function interruptSignal(): Interrupt {
  const controller = new AbortController();
  let first: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals) => {
    // A second signal while cleaning up means "now".
    if (first) process.exit(signalExitCode(first));
    first = sig;
    controller.abort(new Error(`received ${sig}`));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("SIGHUP", handler);
  return {
    signal: controller.signal,
    received: () => first,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
      process.off("SIGHUP", handler);
    },
  };
}

/**
 * A run cut short by a signal exits with that signal's code, whatever stage it
 * reached (the download, or the probes after it); the report says so.
 */
export function markInterrupted(report: Report, interrupt: Interrupt): Report {
  const sig = interrupt.received();
  if (!sig) return report;
  const limits = report.outcome === "interrupted" ? report.limits : [...report.limits, `interrupted by ${sig}: the results are partial`];
  return { ...report, exitCode: signalExitCode(sig), limits };
}

/**
 * Runs a command's engine; a signal that cuts it short before it has a report
 * (while reading the settings, say) still ends in a report, not an error.
 */
export async function reportOrInterrupted(
  command: Report["command"],
  interrupt: Interrupt,
  engine: () => Promise<Report>,
): Promise<Report> {
  const startedAt = Date.now();
  try {
    return markInterrupted(await engine(), interrupt);
  } catch (error) {
    const sig = interrupt.received();
    if (!sig) throw error;
    return buildReport({
      command,
      outcome: "interrupted",
      exitCode: signalExitCode(sig),
      startedAt,
      endedAt: Date.now(),
      probes: [],
      findings: [],
      // No finding, so no command: a log not yet read shows no machine.
      shell: command === "analyze" ? "posix" : hostShell(),
      limits: [`interrupted by ${sig} before there was anything to report`],
    });
  }
}
