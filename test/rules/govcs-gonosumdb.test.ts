// Settings that decide how a directly fetched module is treated: GOVCS
// (GMD510, go's own rule order: vcs.go govcsConfig.allow, and the finding for
// `GOVCS disallows using git for public PATH`), and a set GONOSUMDB replacing
// GOPRIVATE for the checksum database (GMD201).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { govcsAllows } from "../../src/rules/govcs.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

describe("govcsAllows", () => {
  it("follows the first matching rule, then go's defaults (public:git|hg, private:all)", () => {
    expect(govcsAllows("", "github.com/a/b", false, "git")).toBe(true);
    expect(govcsAllows("", "github.com/a/b", false, "svn")).toBe(false);
    expect(govcsAllows("", "git.corp.test/r", true, "svn")).toBe(true);
    expect(govcsAllows("*:off", "git.corp.test/r", true, "git")).toBe(false);
    expect(govcsAllows("private:hg", "git.corp.test/r", true, "git")).toBe(false);
    expect(govcsAllows("git.corp.test:git,*:off", "git.corp.test/r", false, "git")).toBe(true);
    expect(govcsAllows("public:off", "git.corp.test/r", true, "git")).toBe(true);
  });
});

describe("GOVCS disallows (GMD510)", () => {
  const refusal = (path: string, scope: string) => goError(`go: ${path}@v1.0.0: unrecognized import path "${path}": GOVCS disallows using git for ${scope} ${path}; see 'go help vcs'`, [], path, "v1.0.0");

  it("names GOVCS, allows git for the host first in the list, and folds the go-import failure it wraps", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "direct", GOVCS: "public:off" }, {}, ["git.corp.test/r@v1.0.0"]), trace: trace({ errors: [refusal("git.corp.test/r", "public")] }) }));
    expect(fs[0]!.code).toBe("GMD510");
    expect(fs[0]!.title).toMatch(/^GOVCS=public:off .*forbids git for git\.corp\.test\/r$/);
    expect(fs.map((f) => f.code)).not.toContain("GMD306");
    const commands = fs[0]!.fixes.flatMap((f) => f.commands);
    // A private-looking host: GOPRIVATE makes it private, and public:off does not cover private modules.
    expect(commands).toContain("go env -w GOPRIVATE=git.corp.test");
    expect(commands).toContain("go env -w GOVCS=git.corp.test:git,public:off");
  });

  it("look-alike: under *:off GOPRIVATE would not help, so it is not offered", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "direct", GOVCS: "*:off" }, {}, ["git.corp.test/r@v1.0.0"]), trace: trace({ errors: [refusal("git.corp.test/r", "public")] }) }));
    expect(fs[0]!.code).toBe("GMD510");
    expect(fs[0]!.fixes.flatMap((f) => f.commands).join("\n")).not.toMatch(/GOPRIVATE/);
  });
});

describe("GONOSUMDB set, replacing GOPRIVATE for the checksum database (GMD201)", () => {
  it("a GOPRIVATE module it leaves out, whose lookup fails by name: the override is the cause, the unreachable database folded into it", () => {
    const lookup = "https://sum.golang.org/lookup/git.corp.test/r@v1.0.0";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test", GONOSUMDB: "other.corp.test" }, {}, ["git.corp.test/r@v1.0.0"]),
        trace: trace({
          errors: [goError(`go: git.corp.test/r@v1.0.0: verifying go.mod: git.corp.test/r@v1.0.0/go.mod: Get "${lookup}": dial tcp: lookup sum.golang.org on 10.0.0.53:53: no such host`, [], "git.corp.test/r", "v1.0.0")],
        }),
      }),
    );
    expect(fs[0]!.code).toBe("GMD201");
    expect(fs[0]!.title).toBe("GONOSUMDB=other.corp.test replaces GOPRIVATE for the checksum database: git.corp.test/r is looked up in sum.golang.org");
    expect(fs[0]!.explains).toContain("GMD202");
    expect(fs.map((f) => f.code)).not.toContain("GMD202");
  });
});
