// Feeds the same events to the pure detector (reduce) and the in-place one
// (DetectorRun) and returns both summaries, for tests that check both agree.
import { createDetector, createDetectorRun, reduce, summarize } from "../../src/stall/detector.js";
import type { Event } from "../../src/trace/events.js";
import type { TraceSummary } from "../../src/stall/types.js";

const OPTIONS = { stallTimeoutMs: 30_000, slowThresholdBps: 50 * 1024 };

export function bothDetectors(events: Event[]): { pure: TraceSummary; inPlace: TraceSummary } {
  let pure = createDetector(OPTIONS, 0);
  const run = createDetectorRun(OPTIONS, 0);
  for (const e of events) {
    pure = reduce(pure, e);
    run.push(e);
  }
  return { pure: summarize(pure), inPlace: summarize(run.state) };
}
