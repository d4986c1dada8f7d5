// A probe killed at a deadline says TIMEOUT, whichever deadline fired first
// (its own or the runner's, which reaches it through the signal); only the
// user's cancel (Ctrl-C) is ABORT.
import { describe, expect, it } from "vitest";
import { timedOut, withDeadline } from "../../src/probes/net/deadline.js";

async function settled(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
}

describe("timedOut", () => {
  it("is true for the step's own deadline", async () => {
    const s = withDeadline(undefined, 5);
    await settled(s);
    expect(timedOut(s)).toBe(true);
  });

  it("is true for an outer deadline reaching the step through its signal", async () => {
    const outer = AbortSignal.any([AbortSignal.timeout(5), new AbortController().signal]);
    const s = withDeadline(outer, 60_000);
    await settled(s);
    expect(timedOut(s)).toBe(true);
  });

  it("is false for a cancel, and before anything aborted", () => {
    const user = new AbortController();
    const s = withDeadline(user.signal, 60_000);
    expect(timedOut(s)).toBe(false);
    user.abort();
    expect(s.aborted).toBe(true);
    expect(timedOut(s)).toBe(false);
  });
});
