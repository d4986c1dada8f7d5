// Watching a download truthfully (issue 3): a zip body that stops is a stall
// naming the module and the bytes received; a zip that keeps dribbling below
// the slow threshold is slow, never stalled, and completes. Real go (1.23 and
// 1.19) against the fixture proxy, through the built CLI.
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { formatBytes } from "../../src/util/format.js";
import { runCli } from "../helpers/cli.js";
import { parseNdjson } from "../helpers/ndjson.js";
import { runDiagnose } from "./support/diagnose-run.js";
import { cleanupAll, GO_VERSIONS, leftovers, proxy, setup } from "./support/watch.js";

afterEach(cleanupAll);

const MEDIUM = "example.com/medium";

describe.each(GO_VERSIONS)("go%s: zip bodies under watch", (go) => {
  it("a zip whose body stops after 300 KB: exit 3, stalled, the top finding names the module and the bytes", async () => {
    const after = 300 * 1024;
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: after } }] });
    const { dir, env } = await setup("big", px.url, { go });
    const { run, report } = await runDiagnose({ dir, env });
    expect(run.code, run.stderr).toBe(3);
    expect(report.outcome).toBe("stalled");
    const top = report.findings[0]!;
    expect(top.name).toBe("zip-stalled");
    expect(top.severity).toBe("blocker");
    expect(top.modules).toEqual([BIG_MODULE]);
    const suspect = report.stall!.suspects[0]!;
    expect(suspect).toMatchObject({ kind: "zip-body", module: BIG_MODULE, version: "v1.0.0" });
    // The bytes in the .tmp file when it stopped: go writes what it read (a
    // little may still sit in its buffers), never more than was sent.
    expect(suspect.bytes).toBeGreaterThanOrEqual(after - 64 * 1024);
    expect(suspect.bytes).toBeLessThanOrEqual(after);
    expect(top.evidence.join("\n")).toContain(`example.com/big@v1.0.0: headers arrived, ${formatBytes(suspect.bytes!)} received`);
    expect(report.modules.find((m) => m.path === BIG_MODULE)?.state).toBe("stalled");
  }, 60_000);

  it("a zip dribbling at 20 KB/s with --stall-timeout 2: never stalled, reported slow, completes, exit 0", async () => {
    const px = await proxy({ faults: [{ module: MEDIUM, kind: "zip", mode: { type: "dribble", bytesPerSec: 20 * 1024 } }] });
    const { dir, env } = await setup({ requires: { [MEDIUM]: "v1.0.0" } }, px.url, { go });
    const run = await runCli(
      ["diagnose", dir, "--stall-timeout", "2", "--slow-threshold", "50k", "--probe-timeout", "2", "--ndjson"],
      { env, timeoutMs: 45_000 },
    );
    const { events, report } = parseNdjson(run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(report.outcome).toBe("ok");
    // It took several stall-timeouts of wall time, yet no stall was ever declared.
    expect(report.durationMs).toBeGreaterThan(4000);
    expect(events.filter((l) => l.type === "verdict").map((l) => l.data.kind)).not.toContain("stalled");
    expect(report.stall).toBeUndefined();
    const medium = report.modules.find((m) => m.path === MEDIUM)!;
    expect(medium.state).toBe("done");
    expect(medium.bytes).toBeGreaterThan(140_000);
    // Slow, with its measured throughput: well under the threshold, near the 20 KB/s sent.
    const slow = report.findings.find((f) => f.name === "slow-download");
    expect(slow, JSON.stringify(report.findings.map((f) => f.name))).toBeDefined();
    expect(slow!.severity).toBe("info");
    expect(slow!.modules).toEqual([MEDIUM]);
    const rate = /at ([\d.]+) KiB\/s/.exec(slow!.evidence.join("\n"));
    expect(rate, slow!.evidence.join("\n")).not.toBeNull();
    expect(Number(rate![1])).toBeGreaterThan(8);
    expect(Number(rate![1])).toBeLessThan(40);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 60_000);
});
