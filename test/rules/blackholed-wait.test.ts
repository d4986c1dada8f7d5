// A proxy that does not answer: the title says how long the go command (or
// the probe) waited, so a slow proxy is not called dead without the figure.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goproxyProbe, trace } from "./evidence/base.js";

const URL0 = "http://127.0.0.1:4100/example.com/a/@v/v1.0.0.mod";

describe("proxy-blackholed titles carry the wait", () => {
  it("from the stalled request alone", () => {
    const stall = { atMs: 9_000, idleMs: 7_200, suspects: [{ kind: "http" as const, url: URL0, module: "example.com/a", version: "v1.0.0", idleMs: 7_200 }] };
    const fs = diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx({ GOPROXY: "http://127.0.0.1:4100" }), trace: trace({ stall }) }));
    const f = fs.find((x) => x.name === "proxy-blackholed");
    expect(f?.title).toBe("The module proxy 127.0.0.1:4100 does not answer (nothing for 7s)");
  });

  it("from the probe's timed-out step", () => {
    const silent = endpoint("http://127.0.0.1:4100", { http: { ok: false, ms: 5_000, url: "http://127.0.0.1:4100/example.com/a/@v/list", code: "TIMEOUT" }, failedStep: "http" });
    const fs = diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx({ GOPROXY: "http://127.0.0.1:4100" }), trace: trace(), probes: [goproxyProbe(silent)] }));
    const f = fs.find((x) => x.name === "proxy-blackholed");
    expect(f?.title).toBe("The module proxy 127.0.0.1:4100 does not answer (nothing for 5s)");
  });
});
