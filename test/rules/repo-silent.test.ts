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

describe("a silent git whose probe was refused by ssh: the words of ssh's own refusal in a go error", () => {
  const RULE = { from: "https://git.corp.test/", to: "ssh://git@git.corp.test:2222/" };
  const REFUSED = "ssh: connect to host git.corp.test port 2222: Connection refused\nfatal: Could not read from remote repository.";
  const lsRefused = { ok: false, ms: 30, repo: "https://git.corp.test/team/lib", kind: "refused", code: "GIT_REFUSED", message: "ssh: connect to host git.corp.test port 2222: Connection refused", stderr: REFUSED };

  it("with the insteadOf rule: the port, no ssh server there, the rule; the ssh fix for that port", () => {
    const fs = diagnoseEvidence(stalled("git ls-remote -q origin", { lsRemote: lsRefused, insteadOf: [RULE] }));
    const f = fs.find((x) => x.code === "GMD309")!;
    expect(f.title).toBe("The repository host git.corp.test cannot be reached: ssh connections to port 2222 are refused");
    expect(f.why).toContain("no ssh server listens on port 2222");
    expect(f.why).toContain(`check that url."${RULE.to}" names the host and port that serve ssh`);
    expect(f.why).not.toContain("VPN");
    expect(f.evidence).toContain("probe vcs:git.corp.test: git ls-remote https://git.corp.test/team/lib: ssh: connect to host git.corp.test port 2222: Connection refused");
    const ssh = f.fixes.find((x) => x.commands.some((c) => c.startsWith("ssh -T")))!;
    expect(ssh.summary).toContain("port 2222");
    expect(ssh.commands).toContain(`git config --global --unset url."${RULE.to}".insteadOf`);
    expect(fs.map((x) => x.code)).not.toContain("GMD901");
  });

  it("a probe ls-remote that hung over ssh says ssh waits, not git over http", () => {
    // A connection that never opens: GMD321 (a server that will not talk ssh) does not take it.
    const banner = { ok: false, ms: 1500, host: "git.corp.test", port: 2222, outcome: "connect-timeout" as const, code: "TIMEOUT" };
    const hung = { ok: false, ms: 1500, repo: "https://git.corp.test/team/lib", kind: "timeout", code: "TIMEOUT", message: "git ls-remote still running after 1500 ms: killed" };
    const fs = diagnoseEvidence(stalled("git ls-remote -q origin", { lsRemote: hung, insteadOf: [RULE], ssh: { url: "ssh://git@git.corp.test:2222/team/lib", rule: RULE, banner } }));
    const f = fs.find((x) => x.code === "GMD309" && x.title.includes("does not answer git"))!;
    expect(f.why).toContain("over ssh, which the go command runs with BatchMode but no ConnectTimeout");
    expect(f.why).not.toContain("git over http");
  });

  it("look-alike: an https refusal in the probe is not said as ssh's", () => {
    const https = { ...lsRefused, message: "fatal: unable to access 'https://git.corp.test/team/lib/': Failed to connect to git.corp.test port 443: Connection refused", stderr: "fatal: unable to access 'https://git.corp.test/team/lib/': Failed to connect to git.corp.test port 443: Connection refused" };
    const fs = diagnoseEvidence(stalled("git ls-remote -q origin", { lsRemote: https }));
    expect(fs.map((x) => x.why).join("\n")).not.toContain("no ssh server");
  });
});
