// GMD321 (one repository's ssh server will not talk) explains GMD309 only for
// its own host, and GMD309 for ssh's own refusal speaks of the ssh port and
// the rewrite that sent git there, not of a VPN.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, evidence, goError, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const VCS_DIR = "/home/dev/go/pkg/mod/cache/vcs/6053";
const codes = (fs: Finding[]) => fs.map((f) => f.code);

const lsRemoteFailed = (module: string, lines: string[]) =>
  goError(`go: ${module}@v1.0.0: reading ${module}/go.mod at revision v1.0.0: git ls-remote -q origin in ${VCS_DIR}: exit status 128:`, lines, module, "v1.0.0");

const CLOSED = (module: string) =>
  lsRemoteFailed(module, ["kex_exchange_identification: Connection closed by remote host\r", "Connection closed by 10.0.0.5 port 22\r", "fatal: Could not read from remote repository."]);
const REFUSED = (module: string) => lsRemoteFailed(module, ["fatal: unable to connect to other.corp.test:", "other.corp.test[0: 10.9.9.9]: errno=Connection refused"]);

function run(errors: ReturnType<typeof goError>[], modules: string[]): Finding[] {
  return diagnoseEvidence(
    evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test,other.corp.test" }, {}, modules.map((m) => `${m}@v1.0.0`)),
      trace: trace({ errors }),
    }),
  );
}

describe("GMD321's explanation of GMD309 is per host", () => {
  it("another host's refused repository (GMD309) stays, beside GMD321", () => {
    const fs = run([CLOSED("git.corp.test/team/lib"), REFUSED("other.corp.test/x/y")], ["git.corp.test/team/lib", "other.corp.test/x/y"]);
    expect(codes(fs)).toContain("GMD321");
    const other = fs.find((f) => f.code === "GMD309");
    expect(other, codes(fs).join(", ")).toMatchObject({ modules: ["other.corp.test/x/y"] });
    expect(fs.find((f) => f.code === "GMD321")!.explains ?? []).not.toContain("GMD309");
  });

  it("the same host's GMD309 is still explained by GMD321", () => {
    const fs = run([CLOSED("git.corp.test/team/lib"), REFUSED("git.corp.test/team/other")], ["git.corp.test/team/lib", "git.corp.test/team/other"]);
    expect(codes(fs)).toContain("GMD321");
    expect(codes(fs)).not.toContain("GMD309");
    expect(fs.find((f) => f.code === "GMD321")!.explains).toContain("GMD309");
  });
});

describe("GMD309 for ssh's own refusal (`ssh: connect to host H port P: Connection refused`) talks about the ssh port, not a VPN", () => {
  const RULE = { from: "https://git.corp.test/", to: "ssh://git@git.corp.test:2222/" };
  const refusedOverSsh = (lines: string[], probes: Parameters<typeof evidence>[0]["probes"] = []) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "git.corp.test" }, {}, ["git.corp.test/team/lib@v1.0.0"]),
        trace: trace({ errors: [lsRemoteFailed("git.corp.test/team/lib", lines)] }),
        probes,
      }),
    );

  it("with the insteadOf rule that sent git there: the why names the port and the rule; the ssh fix names the port", () => {
    const fs = refusedOverSsh(["ssh: connect to host git.corp.test port 2222: Connection refused", "fatal: Could not read from remote repository."], [
      vcsProbe(vcsFacts("git.corp.test", { modules: ["git.corp.test/team/lib"], insteadOf: [RULE] }), "fail"),
    ]);
    const f = fs.find((x) => x.code === "GMD309")!;
    expect(f.why).not.toContain("VPN");
    expect(f.why).toContain("no ssh server listens on port 2222");
    expect(f.why).toContain(`check that url."${RULE.to}" names the host and port that serve ssh`);
    const ssh = f.fixes.find((x) => x.commands.some((c) => c.startsWith("ssh -T")))!;
    expect(ssh.summary).toContain("port 2222");
    expect(ssh.commands).toEqual(["ssh -T -o ConnectTimeout=10 -p 2222 git@git.corp.test", "git config --show-origin --get-regexp '^url\\.'", `git config --global --unset url."${RULE.to}".insteadOf`]);
  });

  it("without a rule: the why still names the port and says where an ssh address comes from", () => {
    const f = refusedOverSsh(["ssh: connect to host git.corp.test port 22: Connection refused"]).find((x) => x.code === "GMD309")!;
    expect(f.why).toContain("no ssh server listens on port 22");
    expect(f.why).toContain("a Port in ~/.ssh/config");
    expect(f.why).not.toContain("VPN");
  });

  it("look-alikes keep their words: an https refusal of a private host, and ssh's timeout", () => {
    const https = refusedOverSsh(["fatal: unable to access 'https://git.corp.test/team/lib/': Failed to connect to git.corp.test port 443: Connection refused"]).find((x) => x.code === "GMD309")!;
    expect(https.why).toContain("A host on a private network");
    expect(https.why).not.toContain("ssh server");
    const timeout = refusedOverSsh(["ssh: connect to host git.corp.test port 22: Connection timed out"]).find((x) => x.code === "GMD309")!;
    expect(timeout.why).toContain("VPN");
    expect(timeout.fixes.map((x) => x.summary)).toContain("git reaches git.corp.test over ssh here: check ssh to it, and the rewrite that sends git there");
  });
});
