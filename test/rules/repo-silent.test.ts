// A git that receives nothing (GMD309 from the vcs probe's own ls-remote):
// the host does not answer git at all, or lists refs and sends no pack. Without
// the probe's word a silent git stays unexplained (it may wait on a helper).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Evidence } from "../../src/rules/types.js";
import { ctx, evidence, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const REPO = "https://git.corp.test/team/lib.git";

function stalled(command: string, probe?: Parameters<typeof vcsFacts>[1]): Evidence {
  return evidence({
    outcome: "stalled",
    ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, ["git.corp.test/team/lib@v1.0.0"]),
    trace: trace({ stall: { atMs: 5000, idleMs: 5000, suspects: [{ kind: "vcs", command, repo: REPO, module: "git.corp.test/team/lib", idleMs: 5000, bytes: 0 }] } }),
    probes: probe ? [vcsProbe(vcsFacts("git.corp.test", probe))] : [],
  });
}

describe("a silent git, read with the vcs probe", () => {
  it("ls-remote hung in the probe too: the host does not answer git", () => {
    const fs = diagnoseEvidence(stalled("git ls-remote -q origin", { lsRemote: { ok: false, ms: 1500, repo: "git.corp.test/team/lib", kind: "timeout", code: "TIMEOUT", message: "git ls-remote still running after 1500 ms: killed" } }));
    expect(fs[0]!.code).toBe("GMD309");
    expect(fs[0]!.title).toBe("The repository host git.corp.test does not answer git");
    expect(fs[0]!.why).toMatch(/^go's git ls-remote -q origin got nothing from https:\/\/git\.corp\.test\/team\/lib\.git for 5\.0s, and the probe's own/);
    expect(fs.map((f) => f.code)).not.toContain("GMD901");
  });

  it("the probe listed the refs, go's fetch got no pack: the host stops after the refs", () => {
    const fs = diagnoseEvidence(stalled("git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0", { lsRemote: { ok: true, ms: 40, repo: REPO } }));
    expect(fs[0]!.code).toBe("GMD309");
    expect(fs[0]!.title).toBe(`git.corp.test lists the refs of ${REPO} but sends no pack`);
  });

  it("look-alike: a probe cut short by the user (ABORT), or no probe at all: no claim about the host", () => {
    const aborted = diagnoseEvidence(stalled("git ls-remote -q origin", { lsRemote: { ok: false, ms: 300, repo: REPO, kind: "timeout", code: "ABORT" } }));
    expect(aborted.map((f) => f.code)).not.toContain("GMD309");
    const none = diagnoseEvidence(stalled("git ls-remote -q origin"));
    expect(none.map((f) => f.code)).not.toContain("GMD309");
    expect(none[0]!.code).toBe("GMD901");
  });
});
