// Rules for the other misdiagnoses of scenario round 6, each with the
// look-alike it must stay apart from: ranking under a stall, a repository
// host's own probe line, a pseudo-version's checksum mismatch, a 404 for a
// case-escaped module path, and a saved log that shows success.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { pseudoCommit } from "../../src/util/semver.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, req, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const names = (fs: Finding[]) => fs.map((f) => f.name);
const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands).join("\n");

describe("ranking under a stall", () => {
  it("a log that ends in a zip's body: that zip's warning ranks before an unrelated retraction warning", () => {
    const zip = "https://proxy.golang.org/example.com/big/@v/v1.0.0.zip";
    const e = evidence({
      outcome: "analyzed",
      trace: trace({
        requests: [req(zip, { status: 200 })],
        modules: [{ path: "example.com/big", version: "v1.0.0", bytes: 0, state: "stalled" }],
        warnings: [{ kind: "retracted", module: "example.com/old", version: "v1.0.0", reason: "broken", message: "go: warning: example.com/old@v1.0.0: retracted by module author: broken", details: [] }],
        stall: { atMs: 0, idleMs: 0, suspects: [{ kind: "zip-body", module: "example.com/big", version: "v1.0.0", url: zip, idleMs: 0, logEnd: true }] },
      }),
    });
    const fs = diagnoseEvidence(e);
    expect(fs.map((f) => f.code).slice(0, 2), names(fs).join()).toEqual(["GMD105", "GMD310"]);
  });
});

describe("a repository host that cannot be reached", () => {
  it("carries the host's own probe result, not only the module's request", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }),
      probes: [vcsProbe(vcsFacts("git.corp.test", { lsRemote: { ok: false, ms: 5, repo: "https://git.corp.test/team/lib", kind: "refused", message: "Failed to connect to git.corp.test port 443" } }), "fail")],
      trace: trace({
        errors: [
          goError(
            "go: git.corp.test/team/lib@v1.2.0: git ls-remote -q origin in /home/dev/go/pkg/mod/cache/vcs/0f1e: exit status 128:",
            ["\tfatal: unable to access 'https://git.corp.test/team/lib/': Failed to connect to git.corp.test port 443 after 2 ms: Connection refused"],
            "git.corp.test/team/lib",
            "v1.2.0",
          ),
        ],
      }),
    });
    const f = diagnoseEvidence(e).find((x) => x.code === "GMD309");
    expect(f?.evidence.join("\n"), JSON.stringify(diagnoseEvidence(e).map((x) => x.code))).toContain("probe vcs:git.corp.test: git ls-remote https://git.corp.test/team/lib: refused");
  });
});

describe("a checksum mismatch for a pseudo-version", () => {
  it("pseudoCommit reads the commit of each pseudo-version form, and nothing from a tag", () => {
    expect(pseudoCommit("v0.0.0-20240101000000-abcdef123456")).toBe("abcdef123456");
    expect(pseudoCommit("v1.2.4-0.20240101000000-abcdef123456")).toBe("abcdef123456");
    expect(pseudoCommit("v3.9.1-0.20190424152011-77b8897ec79a+incompatible")).toBe("77b8897ec79a");
    expect(pseudoCommit("v1.2.3")).toBeUndefined();
  });

  it("the fix checks the commit in the repository", () => {
    const e = evidence({
      outcome: "failed",
      trace: trace({
        errors: [
          goError(
            "verifying github.com/acme/lib@v0.0.0-20240101000000-abcdef123456: checksum mismatch",
            ["\tdownloaded: h1:AAA=", "\tgo.sum:     h1:BBB=", "", "SECURITY ERROR"],
            "github.com/acme/lib",
            "v0.0.0-20240101000000-abcdef123456",
          ),
        ],
      }),
    });
    const f = diagnoseEvidence(e).find((x) => x.code === "GMD203");
    expect(f?.fixes[0]?.summary).toContain("pseudo-version of commit abcdef123456");
    expect(commands(f)).toContain("git ls-remote https://github.com/acme/lib | grep abcdef123456");
    expect(commands(f)).not.toContain("refs/tags/v0.0.0");
  });

  it("look-alike: a tagged version gets no commit check", () => {
    const e = evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("verifying github.com/acme/lib@v1.2.3: checksum mismatch", ["SECURITY ERROR"], "github.com/acme/lib", "v1.2.3")] }),
    });
    expect(commands(diagnoseEvidence(e).find((x) => x.code === "GMD203"))).not.toMatch(/grep [0-9a-f]{12}/);
  });
});

describe("a 404 for a case-escaped module path", () => {
  const notFound = (module: string, escaped: string) =>
    evidence({
      outcome: "analyzed",
      trace: trace({
        errors: [goError(`go: ${module}@v1.0.0: reading https://proxy.golang.org/${escaped}/@v/v1.0.0.mod: 404 Not Found`, [`\tserver response: not found: ${module}@v1.0.0: invalid version: unknown revision v1.0.0`], module, "v1.0.0")],
      }),
    });

  it("hints that the path's letter case must match the repository's module line", () => {
    const f = diagnoseEvidence(notFound("github.com/Azure/go-autorest", "github.com/!azure/go-autorest"))[0]!;
    expect(f.code).toBe("GMD307");
    expect(f.fixes[0]!.summary).toMatch(/^Check the letter case of github\.com\/Azure\/go-autorest/);
    expect(f.why).toContain("upper-case letters");
  });

  it("look-alike: an all-lower-case path gets no case hint", () => {
    const f = diagnoseEvidence(notFound("github.com/azure/go-autorest", "github.com/azure/go-autorest"))[0]!;
    expect(f.code).toBe("GMD307");
    expect(f.fixes.map((x) => x.summary).join("\n")).not.toMatch(/letter case/);
  });
});

describe("a saved log that shows success", () => {
  const zipUrl = "https://proxy.golang.org/example.com/a/@v/v1.0.0.zip";
  const stalledRead = goproxyProbe(endpoint("https://proxy.golang.org", { zip: { ok: false, ms: 2000, url: zipUrl, status: 206, bytes: 0, code: "BODY_STALLED" }, failedStep: "zip" }));
  const done = trace({ requests: [req(zipUrl, { status: 200 })], modules: [{ path: "example.com/a", version: "v1.0.0", bytes: 0, state: "done" }] });

  it("a probe's stalled zip read today is at most a warning: nothing blocked the logged run", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "analyzed", probes: [stalledRead], trace: done }));
    expect(fs.find((f) => f.code === "GMD105")?.severity).toBe("warning");
  });

  it("look-alike: the same probe beside a log that failed is a blocker", () => {
    const failed = { ...done, modules: [{ path: "example.com/a", version: "v1.0.0", bytes: 0, state: "failed" as const, error: "x" }], errors: [goError("go: example.com/a@v1.0.0: unexpected EOF", [], "example.com/a", "v1.0.0")] };
    expect(diagnoseEvidence(evidence({ outcome: "analyzed", probes: [stalledRead], trace: failed })).find((f) => f.code === "GMD105")?.severity).toBe("blocker");
  });
});
