// Live progress builds the running picture only when it shows it: never in
// JSON modes, once per throttle window in plain (CI) mode.
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/progress.js";
import type { OutputOptions } from "../../src/options.js";
import type { TraceSummary } from "../../src/stall/types.js";

const summary: TraceSummary = {
  startedMs: 0,
  lastProgressMs: 0,
  modules: [{ path: "example.com/a", version: "v1.0.0", state: "done", bytes: 2048 }] as TraceSummary["modules"],
  outstanding: [],
  requests: [],
  vcs: [],
  lockWaits: [],
  errors: [],
  toolchain: [],
} as unknown as TraceSummary;

function output(mode: OutputOptions["mode"]): OutputOptions {
  return { mode, color: false, verbose: false, debug: false, interactive: false, githubActions: false };
}

function sink() {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream };
}

describe("progress updates", () => {
  it("JSON mode never builds the summary and prints nothing", () => {
    const { lines, stream } = sink();
    let built = 0;
    const p = createProgress(output("json"), stream);
    for (let t = 0; t < 60_000; t += 250) p.update(() => (built++, summary), t);
    expect(built).toBe(0);
    expect(lines).toEqual([]);
  });

  it("plain mode builds it only for the lines it prints (every 15 s)", () => {
    const { lines, stream } = sink();
    let built = 0;
    const p = createProgress(output("human"), stream);
    for (let t = 0; t <= 31_000; t += 250) p.update(() => (built++, summary), t);
    expect(lines).toEqual(["gomod-doctor: 1/1 modules, 2.0 KiB\n", "gomod-doctor: 1/1 modules, 2.0 KiB\n"]);
    expect(built).toBe(lines.length);
  });
});

describe("a terminal that reports no width", () => {
  it("gets plain lines, not a spinner (ora would redraw a 0-column terminal without end)", () => {
    const { lines, stream } = sink();
    Object.assign(stream, { isTTY: true, columns: 0 });
    const p = createProgress({ ...output("human"), interactive: true }, stream);
    p.note("probing");
    p.stop();
    expect(lines.join("")).toContain("probing\n");
    expect(lines.join("")).not.toMatch(/\x1b\[/);
  });
});

