// Runs every probe task at once, each under its own deadline. A task that
// throws becomes an `error` result; a task that ignores its signal is cut off
// by a race at the deadline (a short grace lets a well-behaved task hand back
// its partial facts first). Results come back in plan order.
import type { ProbeResult } from "../report/schema.js";
import type { ProbeTask } from "./types.js";
import { PROBE_CODES, classifyError } from "./net/errors.js";
import { redactDeep, redactText } from "../util/redact.js";

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called as each result arrives (live --ndjson, progress). */
  onResult?: (result: ProbeResult) => void;
  /** How long a task may take to return after its signal aborted. */
  graceMs?: number;
}

export const DEFAULT_GRACE_MS = 150;

type Outcome = Awaited<ReturnType<ProbeTask["run"]>>;

function cutOff(signal: AbortSignal, outer: AbortSignal | undefined, graceMs: number): { promise: Promise<Outcome>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const promise = new Promise<Outcome>((resolve) => {
    onAbort = (): void => {
      timer = setTimeout(() => {
        const code = outer?.aborted ? PROBE_CODES.abort : PROBE_CODES.timeout;
        resolve({ status: "fail", facts: {}, error: { code, message: code === "ABORT" ? "cancelled" : "probe deadline reached" } });
      }, graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener("abort", onAbort);
    },
  };
}

async function runOne(task: ProbeTask, options: RunOptions): Promise<ProbeResult> {
  const start = performance.now();
  const signals = [AbortSignal.timeout(Math.max(1, options.timeoutMs))];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  const deadline = cutOff(signal, options.signal, options.graceMs ?? DEFAULT_GRACE_MS);
  let outcome: Outcome;
  try {
    // A task whose run throws synchronously is caught the same way as one that rejects.
    outcome = await Promise.race([Promise.resolve().then(() => task.run(signal)), deadline.promise]);
  } catch (error) {
    const { code, message } = classifyError(error);
    outcome = signal.aborted
      ? { status: "fail", facts: {}, error: { code: options.signal?.aborted ? PROBE_CODES.abort : PROBE_CODES.timeout, message } }
      : { status: "error", facts: {}, error: { code: code === PROBE_CODES.unknown ? "EXCEPTION" : code, message } };
  } finally {
    deadline.cancel();
  }
  return {
    id: redactText(task.id),
    probe: task.probe,
    title: redactText(task.title),
    target: redactText(task.target),
    status: outcome.status,
    ms: Math.round(performance.now() - start),
    facts: redactDeep(outcome.facts),
    ...(outcome.error ? { error: { code: outcome.error.code, message: redactText(outcome.error.message) } } : {}),
  };
}

export async function runProbes(tasks: ProbeTask[], options: RunOptions): Promise<ProbeResult[]> {
  return Promise.all(
    tasks.map(async (task) => {
      const result = await runOne(task, options);
      try {
        options.onResult?.(result);
      } catch {
        // A listener's failure is not the probe's.
      }
      return result;
    }),
  );
}
