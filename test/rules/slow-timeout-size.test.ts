// --timeout ended a run whose zip was arriving slowly: the longer --timeout
// offered comes from the size the server announces and the rate measured,
// not from doubling the time this run had.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { stuckTargets } from "../../src/probes/evidence.js";
import { ctx, endpoint, evidence, goproxyProbe, trace } from "./evidence/base.js";

const P = "http://127.0.0.1:4100";
const ZIP = `${P}/example.com/big/@v/v1.0.0.zip`;
const slowBig = { path: "example.com/big", version: "v1.0.0", state: "slow" as const, bytes: 232_000, bytesPerSecond: 19_500, idleMs: 40, outstanding: ["zip"] };

const judge = (probes: ReturnType<typeof goproxyProbe>[]) =>
  diagnoseEvidence(evidence({ outcome: "timeout", ctx: ctx({ GOPROXY: P }), trace: trace({ modules: [slowBig], endedMs: 12_500 }), probes })).find((f) => f.code === "GMD601");

describe("a slow zip when --timeout ended the run", () => {
  it("the probe is asked to read that zip (its headers announce the size)", () => {
    expect(stuckTargets(trace({ modules: [slowBig] }), [P])).toEqual([{ module: "example.com/big", version: "v1.0.0", zip: true }]);
  });

  it("with the announced size: a --timeout of size / rate plus a margin, said with the figures", () => {
    const read = endpoint(P, { zip: { ok: true, ms: 1500, url: ZIP, status: 206, bytes: 30_000, totalBytes: 1_468_000 } });
    const fix = judge([goproxyProbe(read)])?.fixes.find((x) => x.commands.some((c) => c.includes("--timeout")));
    // 1 468 000 B at 19 500 B/s is 75 s; with a quarter and 10 s more, 104 s, rounded up to 110.
    expect(fix?.commands).toEqual(["gomod-doctor diagnose --timeout 110"]);
    expect(fix?.summary).toMatch(/the 1\.4 MiB zip of example\.com\/big@v1\.0\.0 .* takes about 1m15s/);
  });

  it("without it: the run's own time, doubled (at least a minute)", () => {
    expect(judge([])?.fixes.flatMap((x) => x.commands)).toContain("gomod-doctor diagnose --timeout 60");
  });
});
