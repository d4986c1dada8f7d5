// GMD301's evidence: the private-modules probe's reason is shown only when it
// adds something to go's error quoted above it (it often quotes that error).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, privateProbe, trace } from "./evidence/base.js";

const MOD = "git.corp.test/team/lib";
const URL = `https://proxy.golang.org/${MOD}/@v/v1.0.0.mod`;
const LINE = `go: ${MOD}@v1.0.0: reading ${URL}: 404 Not Found`;
const RESPONSE = `\tserver response: not found: ${MOD}@v1.0.0: unrecognized import path "${MOD}"`;

function top(looksPrivate: string) {
  const e = evidence({
    outcome: "failed",
    ctx: ctx({ GOPROXY: "https://proxy.golang.org" }, {}, [`${MOD}@v1.0.0`]),
    trace: trace({ requests: [{ url: URL, kind: "mod", startedMs: 0, endedMs: 1, status: 404 }], errors: [goError(LINE, [RESPONSE], MOD, "v1.0.0")] }),
    probes: [privateProbe({ routes: [{ path: MOD, version: "v1.0.0", route: "proxy", noProxy: false, noSumdb: false, insecure: false, looksPrivate }], uncovered: [MOD], suggestedGoprivate: "git.corp.test" })],
  });
  return diagnoseEvidence(e)[0]!;
}

describe("GMD301 evidence", () => {
  it("a probe reason that quotes go's error already shown is left out", () => {
    const f = top(`${LINE} | ${RESPONSE.trim()}`);
    expect(f.code).toBe("GMD301");
    expect(f.evidence.filter((l) => l.includes(URL))).toHaveLength(1);
  });

  it("look-alike: a reason of its own (the host is not public) is kept", () => {
    const f = top("git.corp.test is not a public host");
    expect(f.evidence).toContain(`${MOD}: looks private (git.corp.test is not a public host)`);
  });
});

describe("GMD301 names the proxy that answered", () => {
  const asked = (base: string) => {
    const url = `${base}/${MOD}/@v/v1.0.0.mod`;
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: base }, {}, [`${MOD}@v1.0.0`]),
      trace: trace({
        requests: [{ url, kind: "mod", startedMs: 0, endedMs: 1, status: 404 }],
        errors: [goError(`go: ${MOD}@v1.0.0: reading ${url}: 404 Not Found`, [`\tserver response: not found: ${MOD}@v1.0.0: unrecognized import path "${MOD}"`], MOD, "v1.0.0")],
      }),
    });
    return diagnoseEvidence(e).find((f) => f.code === "GMD301");
  };

  it("the public proxy, when it was proxy.golang.org", () => {
    expect(asked("https://proxy.golang.org")?.why).toContain("asks the public proxy (which cannot read these private repositories");
  });

  it("a company's proxy by its name, not as 'the public proxy'", () => {
    const f = asked("https://athens.corp.test");
    expect(f?.why).toContain("asks the module proxy athens.corp.test (which cannot read these private repositories");
    expect(f?.why).not.toContain("public proxy");
  });
});
