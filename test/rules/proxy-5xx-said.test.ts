// GMD104 for a proxy's 5xx: the body the proxy sent (go quotes it as
// `server response:`) is part of the evidence, since it is the proxy's own
// word on why (an upstream timeout, a storage error).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

const ZIP = "http://127.0.0.1:3000/github.com/%21microsoft/hcsshim/@v/v0.15.0-rc.4.zip";

describe("a proxy's 500 with a server response", () => {
  it("quotes the server response under the request line", () => {
    const err = goError(`go: github.com/Microsoft/hcsshim@v0.15.0-rc.4: reading ${ZIP}: 500 Internal Server Error`, ["\tserver response: internal error: upstream github.com timeout"], "github.com/Microsoft/hcsshim", "v0.15.0-rc.4");
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [err], requests: [req(ZIP, { status: 500 })] }) }));
    expect(top!.code).toBe("GMD104");
    expect(top!.evidence).toContain("server response: internal error: upstream github.com timeout");
  });

  it("without one, no server-response line is made up", () => {
    const err = goError(`go: github.com/Microsoft/hcsshim@v0.15.0-rc.4: reading ${ZIP}: 500 Internal Server Error`, [], "github.com/Microsoft/hcsshim", "v0.15.0-rc.4");
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [err], requests: [req(ZIP, { status: 500 })] }) }));
    expect(top!.code).toBe("GMD104");
    expect(top!.evidence.some((l) => l.startsWith("server response:"))).toBe(false);
  });
});

describe("a probe that timed out on a proxy the run's requests all reached", () => {
  const P = "http://127.0.0.1:3000";
  const probeTimeout = () =>
    goproxyProbe(
      endpoint(P, { http: { ok: false, ms: 2000, url: `${P}/example.com/b/@v/list`, code: "TIMEOUT", message: "no answer within 2000 ms" }, failedStep: "http" }),
      "fail",
    );

  it("is a warning, not what stopped the run: every run request there got its answer (a 404 too)", () => {
    const requests = [req(`${P}/example.com/a/@v/v1.0.0.info`, { status: 200 }), req(`${P}/example.com/b/@v/v1.2.0.info`, { status: 404 })];
    const err = goError(`go: example.com/b@v1.2.0: reading ${P}/example.com/b/@v/v1.2.0.info: 404 Not Found`, [], "example.com/b", "v1.2.0");
    const found = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [err], requests }), probes: [probeTimeout()] }));
    const hole = found.find((f) => f.code === "GMD103");
    expect(hole?.severity).toBe("warning");
    expect(hole?.why).toContain("every request of the run to 127.0.0.1:3000 got its answer");
    expect(found[0]!.code).not.toBe("GMD103");
  });

  it("look-alike: a run request there still waiting keeps it a blocker", () => {
    const waiting = req(`${P}/example.com/b/@v/v1.2.0.info`, undefined);
    const found = diagnoseEvidence(evidence({ outcome: "stalled", trace: trace({ requests: [waiting], outstanding: [waiting], stall: { atMs: 30_000, idleMs: 30_000, suspects: [{ kind: "http", url: waiting.url, idleMs: 30_000 }] } }), probes: [probeTimeout()] }));
    expect(found.find((f) => f.code === "GMD103")?.severity).toBe("blocker");
  });
});
