// The spinner follows the run's colour decision (NO_COLOR, FORCE_COLOR,
// --no-color): ora colours its frames cyan unless told `color: false`.
import { describe, expect, it, vi } from "vitest";
import type { OutputOptions } from "../../src/options.js";

const seen: Record<string, unknown>[] = [];
vi.mock("ora", () => ({
  default: (options: Record<string, unknown>) => {
    seen.push(options);
    const spinner = { start: () => spinner, stop: () => spinner, stopAndPersist: () => spinner, clear: () => spinner, render: () => spinner, text: "" };
    return spinner;
  },
}));

const { createProgress } = await import("../../src/progress.js");

function tty(): NodeJS.WriteStream {
  return { isTTY: true, columns: 80, write: () => true } as unknown as NodeJS.WriteStream;
}

async function oraOptions(color: boolean): Promise<Record<string, unknown>> {
  seen.length = 0;
  const output: OutputOptions = { mode: "human", color, verbose: false, debug: false, interactive: true, githubActions: false };
  const p = createProgress(output, tty());
  // ora is imported lazily: wait (bounded) for the spinner to be made.
  for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  p.stop();
  return seen[0]!;
}

describe("the spinner's colour", () => {
  it("no colour when colour is off (NO_COLOR=1 or --no-color under a TTY)", async () => {
    expect((await oraOptions(false)).color).toBe(false);
  });

  it("cyan when colour is on", async () => {
    expect((await oraOptions(true)).color).toBe("cyan");
  });
});
