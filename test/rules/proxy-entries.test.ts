// A GOPROXY list whose first entry hangs: go never reaches the later ones, so
// a later entry that the probe found down is said, but not as what stopped the run.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goproxyProbe, req, trace } from "./evidence/base.js";

const SLOW = "http://127.0.0.1:4000";
const DOWN = "http://127.0.0.1:1";

describe("a later GOPROXY entry the run never reached", () => {
  it("the hung first entry leads; the refused second is a warning that says go did not reach it", () => {
    const url = `${SLOW}/example.com/a/@v/v1.0.0.mod`;
    const e = evidence({
      outcome: "stalled",
      ctx: ctx({ GOPROXY: `${SLOW},${DOWN}` }),
      trace: trace({
        requests: [req(url, undefined)],
        outstanding: [req(url, undefined)],
        stall: { atMs: 3000, idleMs: 3000, suspects: [{ kind: "http", url, idleMs: 3000 }] },
      }),
      probes: [
        goproxyProbe(endpoint(SLOW, { http: { ok: false, ms: 3000, url: SLOW, code: "TIMEOUT" }, failedStep: "http" })),
        goproxyProbe(endpoint(DOWN, { tcp: { ok: false, ms: 1, port: 1, code: "ECONNREFUSED" }, failedStep: "tcp" })),
      ],
    });
    const fs = diagnoseEvidence(e);
    expect(fs[0]!.code).toBe("GMD103");
    const refused = fs.find((f) => f.code === "GMD102")!;
    expect(refused.severity).toBe("warning");
    expect(refused.why).toMatch(/go's requests did not reach 127\.0\.0\.1:1 in this run/);
  });

  it("look-alike: an entry go's requests did reach and were refused by stays a blocker", () => {
    const url = `${DOWN}/example.com/a/@v/v1.0.0.mod`;
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: DOWN }),
      trace: trace({ requests: [req(url, { error: `Get "${url}": dial tcp 127.0.0.1:1: connect: connection refused` })] }),
      probes: [goproxyProbe(endpoint(DOWN, { tcp: { ok: false, ms: 1, port: 1, code: "ECONNREFUSED" }, failedStep: "tcp" }))],
    });
    expect(diagnoseEvidence(e)[0]).toMatchObject({ code: "GMD102", severity: "blocker" });
  });
});
