// disk-full from free space alone (no `no space left` from go): a nearly full
// file system only, not a small one that is mostly free or read-only.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { evidence, goError, modcacheProbe, trace } from "./evidence/base.js";

const MiB = 1024 ** 2;
const failed = (free: number, total: number, over: Parameters<typeof modcacheProbe>[0] = {}) =>
  diagnoseEvidence(
    evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: reading https://proxy.golang.org/golang.org/x/text/@v/v0.14.0.mod: 500 Internal Server Error", [], "golang.org/x/text", "v0.14.0")] }),
      probes: [modcacheProbe({ freeBytes: free, totalBytes: total, ...over })],
    }),
  ).map((f) => f.code);

describe("disk-full without go's own words", () => {
  it("100 MiB free of 100 GiB: a suspicion beside the run's own failure", () => {
    expect(failed(100 * MiB, 100 * 1024 * MiB)).toContain("GMD403");
  });

  it("64 MiB free of a 64 MiB file system (a fresh CI tmpfs): not full", () => {
    expect(failed(64 * MiB, 64 * MiB)).not.toContain("GMD403");
  });

  it("a read-only mount, however little is free: not a space problem", () => {
    expect(failed(0, 16 * MiB, { readOnlyMount: true })).not.toContain("GMD403");
  });
});
