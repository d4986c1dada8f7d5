// GMD308: `module declares its path as X but was required as Y`, in the three
// shapes users meet (moved, bare name, other letter case), and not for other
// go.mod parse errors.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

function top(message: string, details: string[], module?: string, version?: string) {
  return diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [goError(message, details, module, version)] }) }))[0]!;
}

describe("module-path-mismatch", () => {
  it("a moved module: names the old path, the version and the new path; the fix points the old path at the new", () => {
    const f = top(
      "go: github.com/marten-seemann/qpack@v0.4.0: parsing go.mod:",
      ["\tmodule declares its path as: github.com/quic-go/qpack", "\t        but was required as: github.com/marten-seemann/qpack"],
      "github.com/marten-seemann/qpack",
      "v0.4.0",
    );
    expect(f).toMatchObject({ code: "GMD308", severity: "blocker", modules: ["github.com/marten-seemann/qpack"] });
    expect(f.title).toBe("github.com/marten-seemann/qpack@v0.4.0 declares its path as github.com/quic-go/qpack");
    expect(f.fixes.flatMap((x) => x.commands)).toContain("go mod edit -replace github.com/marten-seemann/qpack=github.com/quic-go/qpack@v0.4.0");
    expect(f.evidence[0]).toContain("but was required as: github.com/marten-seemann/qpack");
  });

  it("a bare module name: the author must fix it, so no replace is offered", () => {
    const f = top("go: github.com/jonbodner/gcon@v0.1.1: parsing go.mod:", ["\tmodule declares its path as: gcon", "\t        but was required as: github.com/jonbodner/gcon"]);
    expect(f.name).toBe("module-path-mismatch");
    expect(f.why).toMatch(/bare name `gcon`/);
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toContain("-replace");
  });

  it("other letter case is said to be case (module paths are case-sensitive)", () => {
    const f = top("go: github.com/Sirupsen/logrus@v1.9.0: parsing go.mod:", ["\tmodule declares its path as: github.com/sirupsen/logrus", "\t        but was required as: github.com/Sirupsen/logrus"]);
    expect(f.modules).toEqual(["github.com/Sirupsen/logrus"]);
    expect(f.why).toMatch(/letter case/);
  });

  it("the whole message on one line (a `go get` error pasted flat) still reads", () => {
    const f = top("go get: github.com/vakenbolt/go-test-report@v0.0.0-20210215040814-04fb43143217: parsing go.mod: module declares its path as: go-test-report but was required as: github.com/vakenbolt/go-test-report", []);
    expect(f.title).toBe("github.com/vakenbolt/go-test-report@v0.0.0-20210215040814-04fb43143217 declares its path as go-test-report");
  });

  it("another go.mod parse error is not a path mismatch", () => {
    const f = top("go: example.com/a@v1.0.0: parsing go.mod:", ["\tgo.mod:3: unknown directive: foo"]);
    expect(f?.name).not.toBe("module-path-mismatch");
  });
});

describe("findings about a replacement quote go.mod's replace line", () => {
  it("a module go fetched as a replacement is tied to the module the user required", () => {
    const c = ctx();
    c.mod.replace = [
      { oldPath: "github.com/ProtonMail/go-crypto", oldVersion: "v1.1.3", newPath: "github.com/ForkOrg/go-crypto", newVersion: "v1.1.3-fork.1", local: false },
      { oldPath: "example.com/local", newPath: "./local", local: true },
    ];
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: c,
        trace: trace({ errors: [goError("go: github.com/ForkOrg/go-crypto@v1.1.3-fork.1: parsing go.mod:", ["\tmodule declares its path as: github.com/ProtonMail/go-crypto", "\t        but was required as: github.com/ForkOrg/go-crypto"])] }),
      }),
    );
    expect(fs[0]!.evidence).toContain("go.mod: replace github.com/ProtonMail/go-crypto v1.1.3 => github.com/ForkOrg/go-crypto v1.1.3-fork.1");
    expect(fs[0]!.evidence.join("\n")).not.toContain("./local");
  });
});

describe("module-path-mismatch: a private copy of a public module", () => {
  it("a fork on a company host keeping its upstream's module line: require the upstream path, replace it with the copy", () => {
    const f = top(
      "go: git.acme.corp/mirrors/qpack@v0.4.0: parsing go.mod:",
      ["\tmodule declares its path as: github.com/quic-go/qpack", "\t        but was required as: git.acme.corp/mirrors/qpack"],
      "git.acme.corp/mirrors/qpack",
      "v0.4.0",
    );
    expect(f.why).toMatch(/^git\.acme\.corp\/mirrors\/qpack@v0\.4\.0 declares itself as github\.com\/quic-go\/qpack: it looks like a copy/);
    expect(f.fixes[0]!.commands[0]).toBe(
      "go mod edit -droprequire=git.acme.corp/mirrors/qpack -require=github.com/quic-go/qpack@v0.4.0 -replace=github.com/quic-go/qpack=git.acme.corp/mirrors/qpack@v0.4.0",
    );
  });

  it("look-alike: a public module that moved to another public path gets no copy reading", () => {
    const f = top(
      "go: github.com/marten-seemann/qpack@v0.4.0: parsing go.mod:",
      ["\tmodule declares its path as: github.com/quic-go/qpack", "\t        but was required as: github.com/marten-seemann/qpack"],
      "github.com/marten-seemann/qpack",
      "v0.4.0",
    );
    expect(f.why).not.toContain("copy");
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toContain("-droprequire");
  });
});
