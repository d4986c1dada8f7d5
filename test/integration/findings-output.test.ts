// How a diagnosis reaches people: GitHub Actions annotations and the step
// summary (issue 4's CI use), and the human report of a stalled download,
// snapshotted plain and in colour with durations, sizes, ports and temp
// paths scrubbed.
import { afterEach, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { refusedPort } from "../../fixtures/endpoints.js";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { runCli } from "../helpers/cli.js";
import { cleanupAll, FAST, leftovers, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

/** Durations, sizes, ports and temp paths vary from run to run; the wording must not. */
export function scrub(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/\/tmp\/[^\s)'"]+/g, "<tmp>")
    .replace(/\b\d+(?:\.\d+)? ?(?:B|KiB|MiB|GiB|KB|MB|GB)\b/g, "<size>")
    .replace(/\b\d+(?:\.\d+)?(?:ms|s)\b/g, "<duration>");
}

describe("GitHub Actions", () => {
  it("diagnose of a failing download prints ::error annotations and appends Markdown to $GITHUB_STEP_SUMMARY", async () => {
    const port = await refusedPort();
    const s = await setup("healthy", `http://127.0.0.1:${port}`, { GITHUB_ACTIONS: "true", CI: "true" });
    const summary = join(s.home, "summary.md");
    await writeFile(summary, "## an earlier step\n\n");
    const run = await runCli(["diagnose", s.dir, ...FAST], { env: { ...s.env, GITHUB_STEP_SUMMARY: summary }, timeoutMs: 45_000 });
    expect(run.code).toBe(1);
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations.length).toBeGreaterThanOrEqual(1);
    // One line per finding: level, escaped title, escaped message with the fix.
    // (a title's `:` is escaped as %3A in an annotation's properties)
    expect(annotations[0]).toMatch(new RegExp(`^::error title=GMD102 The module proxy 127\\.0\\.0\\.1%3A${port} refuses connections::`));
    expect(annotations[0]).toContain("%0AFix: ");
    expect(annotations[0]).not.toMatch(/\r|\n/);
    const md = await readFile(summary, "utf8");
    expect(md.startsWith("## an earlier step\n\n")).toBe(true); // appended, not overwritten
    expect(md).toMatch(/## gomod-doctor: .*failed/);
    expect(md).toMatch(new RegExp(`\\| 🛑 blocker \\| \`GMD102\` \\| The module proxy 127\\.0\\.0\\.1:${port} refuses connections \\| \\d+% \\|`));
    expect(md).toMatch(/```sh\n[^`]*go env GOPROXY/);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 60_000);

  it("with --json the annotations stay off stdout (one JSON document), the step summary is still written", async () => {
    const port = await refusedPort();
    const s = await setup("healthy", `http://127.0.0.1:${port}`, { GITHUB_ACTIONS: "true" });
    const summary = join(s.home, "summary.md");
    const run = await runCli(["diagnose", s.dir, ...FAST, "--json"], { env: { ...s.env, GITHUB_STEP_SUMMARY: summary }, timeoutMs: 45_000 });
    expect(run.code).toBe(1);
    expect(parseReport(run.stdout).findings[0]?.name).toBe("proxy-refused");
    expect(run.stdout).not.toMatch(/^::/m);
    expect(await readFile(summary, "utf8")).toMatch(/`GMD102`/);
  }, 60_000);

  it("look-alike: outside GitHub Actions no annotation is printed and no summary file is touched", async () => {
    const port = await refusedPort();
    const s = await setup("healthy", `http://127.0.0.1:${port}`);
    const summary = join(s.home, "summary.md");
    await writeFile(summary, "untouched\n");
    const run = await runCli(["diagnose", s.dir, ...FAST], { env: { ...s.env, GITHUB_STEP_SUMMARY: summary }, timeoutMs: 45_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/^::/m);
    expect(await readFile(summary, "utf8")).toBe("untouched\n");
  }, 60_000);
});

describe("the human report of a stalled zip", () => {
  async function stalledRun(extra: Record<string, string>) {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }] });
    const s = await setup("big", px.url, extra);
    // A roomier probe deadline: the probe's zip read always ends on its read window, so the evidence is the same every run.
    const run = await runCli(["diagnose", s.dir, "--stall-timeout", "2", "--probe-timeout", "4"], { env: s.env, timeoutMs: 45_000 });
    expect(run.code, run.stderr).toBe(3);
    expect(await leftovers(run.marker)).toEqual([]);
    return run;
  }

  it("plain (no colour codes)", async () => {
    const run = await stalledRun({});
    expect(run.stdout).not.toContain("\u001b[");
    expect(scrub(run.stdout)).toMatchSnapshot();
  }, 60_000);

  it("with FORCE_COLOR=1 (colour codes present)", async () => {
    const run = await stalledRun({ FORCE_COLOR: "1" });
    expect(run.stdout).toContain("\u001b[31m✖");
    expect(scrub(run.stdout)).toMatchSnapshot();
  }, 60_000);
});
