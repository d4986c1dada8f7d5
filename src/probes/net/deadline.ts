// Deadlines for one network step: every primitive combines the caller's
// signal with its own timeout, and races its work against that signal so a
// library that ignores aborts still cannot hold the step past its deadline.

/** The caller's signal plus `timeoutMs` (when given), as one signal. */
export function withDeadline(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal {
  const signals: AbortSignal[] = [];
  if (signal) signals.push(signal);
  if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs))));
  if (signals.length === 0) return new AbortController().signal;
  return signals.length === 1 ? signals[0]! : AbortSignal.any(signals);
}

/** Whether a signal aborted because a deadline passed (AbortSignal.timeout's TimeoutError), not because the user cancelled. */
export function timedOut(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return signal.aborted && typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError";
}

/** An error carrying the abort reason as its cause (so errorCode sees TimeoutError). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The operation was aborted", "AbortError");
}

/**
 * Settles with `work`, or rejects with the abort reason as soon as `signal`
 * aborts, whichever comes first. `onAbort` lets the caller tear down sockets.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort?.();
    work.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort?.();
      reject(abortError(signal));
    };
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

/** Milliseconds since `start` (performance clock), rounded to 0.1 ms. */
export function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** A time budget shared by the steps of one probe: each step gets what is left. */
export interface Budget {
  remaining(): number;
}

export function budget(totalMs: number, now: () => number = () => performance.now()): Budget {
  const end = now() + totalMs;
  return { remaining: () => Math.max(1, Math.floor(end - now())) };
}

/**
 * The part of a runner deadline a probe may spend itself, leaving a margin so
 * it returns its partial facts before the runner cuts it off.
 */
export function probeBudgetMs(timeoutMs: number): number {
  return Math.max(50, timeoutMs - Math.min(500, Math.floor(timeoutMs * 0.2)));
}
