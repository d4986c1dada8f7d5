// Misdiagnoses found in scenario round 7, from evidence built by hand (the
// integration tests with real go are in test/integration/findings-sumdb-tree.test.ts
// and findings-scen7.test.ts).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { evidence, goError, trace } from "./evidence/base.js";

const MISSING = goError("main.go:4:2: missing go.sum entry for module providing package golang.org/x/text/language; to add:", ["\tgo get golang.org/x/text/language@v0.14.0"]);

describe("missing go.sum entry", () => {
  it("as the only error of a failed run: a blocker, with go's own command to add it", () => {
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [MISSING] }) }));
    expect(top?.code).toBe("GMD204");
    expect(top?.severity).toBe("blocker");
    expect(top?.why).toMatch(/what stopped this run/);
    expect(top?.fixes[0]?.commands).toEqual(["go get golang.org/x/text/language@v0.14.0"]);
  });

  it("beside another failure: a note, the other failure leads", () => {
    const other = goError("go: example.com/a@v1.0.0: reading https://proxy.golang.org/example.com/a/@v/v1.0.0.mod: 500 Internal Server Error", [], "example.com/a", "v1.0.0");
    const findings = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [other, MISSING] }) }));
    expect(findings.find((f) => f.code === "GMD204")?.severity).toBe("info");
    expect(findings[0]?.code).not.toBe("GMD204");
  });
});
