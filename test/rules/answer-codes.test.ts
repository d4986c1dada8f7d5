// Probe answers that come from something other than a module proxy or a
// checksum database (a login page, an endless body: src/probes/net/proxy-answer.ts)
// are broken answers, for the checksum database as for the proxy.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyProbeCode } from "../../src/rules/net-text.js";
import { ctx, endpoint, evidence, sumdbProbe, trace } from "./evidence/base.js";

describe("answers that are no proxy's or database's", () => {
  it("classify as protocol failures", () => {
    expect(classifyProbeCode("NOT_PROXY_ANSWER")).toBe("protocol");
    expect(classifyProbeCode("ANSWER_TOO_LARGE")).toBe("protocol");
    expect(classifyProbeCode("WRONG_VERSION")).toBe("protocol");
  });

  it("a login page on the checksum database's /latest: the database is not reachable as one", () => {
    const page = endpoint("https://sum.golang.org", {
      http: { ok: false, ms: 40, url: "https://sum.golang.org/latest", status: 200, code: "NOT_PROXY_ANSWER", message: 'an HTML page ("Sign in - Corp Gateway"), not a checksum database\'s tree head' },
      failedStep: "http",
    });
    const fs = diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx(), trace: trace(), probes: [sumdbProbe({ name: "sum.golang.org", privateLookups: [], endpoint: page })] }));
    const f = fs.find((x) => x.name === "sumdb-unreachable");
    expect(f, JSON.stringify(fs.map((x) => x.name))).toBeDefined();
    expect(f!.evidence.join("\n")).toContain("Sign in - Corp Gateway");
  });

  it("look-alike: a 404 from /latest is an answer (the database is reachable)", () => {
    const answered = endpoint("https://sum.golang.org", { http: { ok: false, ms: 40, url: "https://sum.golang.org/latest", status: 404, code: "HTTP_404" }, failedStep: "http" });
    const fs = diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx(), trace: trace(), probes: [sumdbProbe({ name: "sum.golang.org", privateLookups: [], endpoint: answered })] }));
    expect(fs.map((x) => x.name)).not.toContain("sumdb-unreachable");
  });
});
