// GMD321 (one repository's ssh server will not talk) explains GMD309 only for
// its own host: another host's unreachable repository in the same run stays a
// finding of its own.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

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
