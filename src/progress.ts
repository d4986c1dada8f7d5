// Live progress on stderr: an ora spinner on an interactive terminal, plain
// lines elsewhere (CI logs), nothing in JSON modes. Same interface for all.
import type { Ora } from "ora";
import type { OutputOptions } from "./options.js";
import type { TraceSummary } from "./stall/types.js";
import { redactText } from "./util/redact.js";
import { formatBytes, formatMs } from "./util/format.js";

export interface Progress {
  /** A state change worth a line of its own (stall, probing...). */
  note(text: string): void;
  /** The running picture, `elapsedMs` after go started; throttled in plain mode, never built in JSON modes. */
  update(summary: () => TraceSummary, elapsedMs: number): void;
  /** Go's own output, shown for commands other than go mod download. */
  passthrough(line: string): void;
  stop(): void;
}

const SILENT: Progress = { note() {}, update() {}, passthrough() {}, stop() {} };

export function describeProgress(summary: TraceSummary, elapsedMs: number): string {
  const done = summary.modules.filter((m) => m.state === "done").length;
  const bytes = summary.modules.reduce((sum, m) => sum + m.bytes, 0);
  const inFlight = summary.outstanding.length;
  let text = `${done}/${summary.modules.length} modules, ${formatBytes(bytes)}`;
  if (inFlight > 0) text += `, ${inFlight} in flight`;
  const oldest = summary.outstanding[0];
  if (oldest) {
    // Summary times are relative to the start, like elapsedMs.
    const idle = elapsedMs - Math.max(oldest.endedMs ?? oldest.startedMs, summary.lastProgressMs);
    if (idle > 2000) text += ` · waiting on ${redactText(oldest.url)} (${formatMs(idle)})`;
  }
  return text;
}

export function createProgress(output: OutputOptions, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (output.mode !== "human") return SILENT;
  // A terminal that reports no width (a pty without a size: docker -t, some CI) would make ora redraw without end.
  if (output.interactive && (stream.columns ?? 0) > 0) return spinnerProgress(stream, output.color);
  return plainProgress(stream);
}

/** `color` is the run's colour decision (NO_COLOR, FORCE_COLOR, --no-color): ora would colour its frames cyan regardless. */
function spinnerProgress(stream: NodeJS.WriteStream, color: boolean): Progress {
  // ora loads lazily: only an interactive terminal pays for it.
  let spinner: Ora | undefined;
  let text = "starting go";
  let stopped = false;
  void import("ora").then(({ default: ora }) => {
    if (!stopped) spinner = ora({ stream, text, discardStdin: false, color: color ? "cyan" : false }).start();
  });
  return {
    note(line) {
      if (!spinner) return void stream.write(`• ${line}\n`);
      spinner.stopAndPersist({ symbol: "•", text: line });
      spinner.start();
    },
    update(summary, elapsedMs) {
      text = describeProgress(summary(), elapsedMs);
      if (spinner) spinner.text = text;
    },
    passthrough(line) {
      spinner?.clear();
      stream.write(`${redactText(line)}\n`);
      spinner?.render();
    },
    stop() {
      stopped = true;
      spinner?.stop();
    },
  };
}

function plainProgress(stream: NodeJS.WriteStream, everyMs = 15_000): Progress {
  let last = 0;
  return {
    note(text) {
      stream.write(`gomod-doctor: ${text}\n`);
    },
    update(summary, elapsedMs) {
      if (elapsedMs - last < everyMs) return;
      last = elapsedMs;
      stream.write(`gomod-doctor: ${describeProgress(summary(), elapsedMs)}\n`);
    },
    passthrough(line) {
      stream.write(`${redactText(line)}\n`);
    },
    stop() {},
  };
}
