// Zip throughput over a sliding window of (time, bytes) samples. A rate is
// only claimed from at least two samples spanning at least a second, so one
// burst right after the headers does not read as "fast" or "slow".

export interface Sample {
  t: number;
  bytes: number;
}

export const WINDOW_MS = 5_000;
const MIN_SPAN_MS = 1_000;
const MAX_SAMPLES = 64;

/** Adds a sample, dropping those older than the window (keeps one before it as the anchor). */
export function addSample(samples: readonly Sample[], sample: Sample): Sample[] {
  const next = [...samples, sample];
  const cutoff = sample.t - WINDOW_MS;
  let first = 0;
  while (first + 1 < next.length && next[first + 1]!.t <= cutoff) first++;
  const kept = next.slice(first);
  return kept.length > MAX_SAMPLES ? kept.slice(kept.length - MAX_SAMPLES) : kept;
}

/** Bytes per second across the window, or undefined when the samples are too few or too close. */
export function bytesPerSecond(samples: readonly Sample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const span = last.t - first.t;
  if (span < MIN_SPAN_MS) return undefined;
  return ((last.bytes - first.bytes) * 1000) / span;
}
