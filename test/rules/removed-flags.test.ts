// The -insecure flag was removed in go1.17 (GOFLAGS=-insecure is an unknown flag since): no
// finding names it, as a fix or in a caution against turning verification off; only GMD511,
// which diagnoses it in GOFLAGS, speaks of it.
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runAnalyze } from "../../src/commands/analyze.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { evidence, goError, trace } from "./evidence/base.js";

const LOGS = fileURLToPath(new URL("../../fixtures/logs/", import.meta.url));
const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };
const REMOVED = /(?<![A-Z])-insecure\b/;

describe("no finding offers the removed -insecure flag", () => {
  it("checksum mismatches warn against GOSUMDB=off and GONOSUMDB, without the removed flag", async () => {
    const files = readdirSync(LOGS).filter((f) => f.startsWith("checksum-mismatch-") && f.endsWith(".log"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const report = await runAnalyze({ output, file: `${LOGS}${file}`, dir: LOGS, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false });
      const cautions = report.findings.flatMap((f) => f.fixes.map((x) => x.caution ?? ""));
      expect(cautions.join("\n"), file).toMatch(/GOSUMDB=off/);
      expect(JSON.stringify(report.findings), file).not.toMatch(REMOVED);
    }
  });

  it("GMD511 still names -insecure when GOFLAGS carries it", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [goError("go: parsing $GOFLAGS: unknown flag -insecure")] }) }));
    expect(fs[0]!.code).toBe("GMD511");
    expect(fs[0]!.title).toMatch(REMOVED);
  });
});
