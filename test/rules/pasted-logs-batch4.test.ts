// Rules for the fourth batch of posted logs (fixtures/logs): an ssh host name
// that swallowed the owner (a broken insteadOf rewrite, not a dead network)
// and a checksum lookup that a GOPROXY relays and answers 404 without a reason.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyNetText } from "../../src/rules/net-text.js";
import type { Finding } from "../../src/report/schema.js";
import { evidence, goError, trace } from "./evidence/base.js";

function diagnose(...errors: ReturnType<typeof goError>[]): Finding[] {
  return diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors }) }));
}
const codes = (fs: Finding[]) => fs.map((f) => f.code);

describe("ssh looking up `host:owner`", () => {
  const lsRemote = (ssh: string) =>
    goError(
      "go get: module github.com/360EntSecGroup-Skylar/excelize/v2: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/f283: exit status 128:",
      [ssh, "fatal: Could not read from remote repository.", "Please make sure you have the correct access rights", "and the repository exists."],
      "github.com/360EntSecGroup-Skylar/excelize/v2",
    );

  it("reads the whole name ssh looked up, up to its `: ` (git's and ssh's wordings)", () => {
    expect(classifyNetText("ssh: Could not resolve hostname github.com:360EntSecGroup-Skylar: Name or service not known")?.host).toBe("github.com:360EntSecGroup-Skylar");
    expect(classifyNetText("ssh: Could not resolve hostname github.com: Name or service not known")?.host).toBe("github.com");
    expect(classifyNetText("fatal: unable to access 'https://git.corp.test/x/': Could not resolve host: git.corp.test")?.host).toBe("git.corp.test");
  });

  it("is a malformed repository address with the insteadOf fix, not an offline machine", () => {
    const fs = diagnose(lsRemote("ssh: Could not resolve hostname github.com:360EntSecGroup-Skylar: Name or service not known"));
    expect(codes(fs)).not.toContain("GMD109");
    expect(fs[0]!).toMatchObject({ code: "GMD309", title: 'git was given a malformed repository address: "github.com:360EntSecGroup-Skylar" is not a host name' });
    expect(fs[0]!.evidence).toContain("ssh: Could not resolve hostname github.com:360EntSecGroup-Skylar: Name or service not known");
    expect(fs[0]!.fixes.flatMap((f) => f.commands)).toEqual([
      "git config --show-origin --get-regexp '^url\\.'",
      'git config --global url."ssh://git@github.com/".insteadOf "https://github.com/"',
    ]);
  });

  it("a host that really does not resolve keeps its reading", () => {
    const fs = diagnose(lsRemote("ssh: Could not resolve hostname git.corp.test: Name or service not known"));
    expect(fs[0]!.title).toBe("The repository host git.corp.test cannot be reached: its name does not resolve");
  });
});

describe("a checksum lookup a GOPROXY relays", () => {
  const RELAY = "https://artifactory.corp.test/artifactory/api/go/go/sumdb/sum.golang.org/lookup/github.com/mikefarah/yq@v2.4.1+incompatible";
  const verifying = (status: string, details: string[] = []) =>
    goError(`verifying github.com/mikefarah/yq@v2.4.1+incompatible: github.com/mikefarah/yq@v2.4.1+incompatible: reading ${RELAY}: ${status}`, details, "github.com/mikefarah/yq", "v2.4.1+incompatible");

  it("a bare 404 from the relay suspects the relay, and asks sum.golang.org directly to tell", () => {
    const fs = diagnose(verifying("404 Not Found"));
    expect(codes(fs)).not.toContain("GMD205");
    expect(fs[0]!.code).toBe("GMD202");
    expect(fs[0]!.title).toBe("The checksum database sum.golang.org fails through the proxy artifactory.corp.test (404)");
    expect(fs[0]!.why).toMatch(/Artifactory, Nexus/);
    expect(fs[0]!.fixes[0]!.commands).toEqual(["curl -sS -m 10 https://sum.golang.org/lookup/github.com/mikefarah/yq@v2.4.1+incompatible"]);
    expect(fs[0]!.fixes[1]!.commands[0]).toBe("go env -w GOSUMDB='sum.golang.org https://sum.golang.org'");
  });

  it("a 404 with the database's own reason stays the database's answer", () => {
    const fs = diagnose(verifying("404 Not Found", ["server response: not found: github.com/mikefarah/yq@v2.4.1+incompatible: invalid version: unknown revision v2.4.1"]));
    expect(fs[0]!.code).not.toBe("GMD202");
  });

  it("a bare 404 straight from sum.golang.org is still the database failing to fetch the origin", () => {
    const direct = goError(
      "verifying github.com/mikefarah/yq@v2.4.1+incompatible: github.com/mikefarah/yq@v2.4.1+incompatible: reading https://sum.golang.org/lookup/github.com/mikefarah/yq@v2.4.1+incompatible: 404 Not Found",
      [],
      "github.com/mikefarah/yq",
      "v2.4.1+incompatible",
    );
    expect(diagnose(direct)[0]!.code).toBe("GMD205");
  });
});
