// GMD903: a go build/test that fetched its modules and failed on the code is
// said to be the code's failure, ahead of (and folding) the generic GMD902.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

const COMPILE = ["# example.com/p", "./lib.go:6:13: cannot use b.Name (untyped string constant) as int value in variable declaration"];
const fetched = trace({
  modules: [
    { path: "example.com/a", version: "v1.0.0", state: "done", bytes: 300 },
    { path: "example.com/b", version: "v1.2.0", state: "done", bytes: 400 },
  ],
  errors: [goError(COMPILE[1]!, [COMPILE[0]!])],
});

describe("GMD903 not-a-download-failure", () => {
  it("names the command and the first error line (not the # package header), and folds GMD902", () => {
    const findings = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx(), trace: fetched, ownFailure: { command: "go build ./...", lines: COMPILE } }));
    expect(findings.map((f) => f.code)).toEqual(["GMD903"]);
    const f = findings[0]!;
    expect(f).toMatchObject({ severity: "info", title: "go build ./... failed on its own errors, not while fetching modules" });
    expect(f.why).toBe(
      "Every module it needed was fetched (2/2 modules); go build ./... then failed on: ./lib.go:6:13: cannot use b.Name (untyped string constant) as int value in variable declaration. " +
        "That is for the code, not the network or the module proxy.",
    );
    expect(f.evidence).toEqual(COMPILE);
  });

  it("is not said without the run's own failure (a failed download keeps its generic finding)", () => {
    const findings = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx(), trace: fetched }));
    expect(findings.map((f) => f.code)).not.toContain("GMD903");
    expect(findings.map((f) => f.code)).toContain("GMD902");
  });

  it("is not said for a run that did not fail", () => {
    const findings = diagnoseEvidence(evidence({ outcome: "ok", ctx: ctx(), trace: trace(), ownFailure: { command: "go test ./...", lines: ["FAIL"] } }));
    expect(findings.map((f) => f.code)).not.toContain("GMD903");
  });
});
