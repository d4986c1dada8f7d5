// GMD104 for a proxy's 5xx: the body the proxy sent (go quotes it as
// `server response:`) is part of the evidence, since it is the proxy's own
// word on why (an upstream timeout, a storage error).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { evidence, goError, req, trace } from "./evidence/base.js";

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
