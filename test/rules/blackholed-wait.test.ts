// A proxy that does not answer: the title says how long the go command (or
// the probe) waited, so a slow proxy is not called dead without the figure.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, trace } from "./evidence/base.js";

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

describe("a public proxy that gets no answer is blocked on the way", () => {
  const silent = (proxy: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        ctx: ctx({ GOPROXY: `${proxy},direct` }),
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${proxy}/example.com/a/@v/v1.0.0.zip": dial tcp 142.250.1.1:443: i/o timeout`, [], "example.com/a", "v1.0.0")] }),
      }),
    ).find((x) => x.name === "proxy-blackholed");

  it("proxy.golang.org timing out gets the way around the block: the network's HTTP proxy, or a mirror measured from here", () => {
    const f = silent("https://proxy.golang.org");
    const commands = f?.fixes.flatMap((x) => x.commands) ?? [];
    expect(commands).toContain("export HTTPS_PROXY=http://<PROXY_HOST>:<PORT>");
    expect(commands).toContain("gomod-doctor probe");
    expect(commands.some((c) => /GOPROXY=https:\/\/goproxy\.io,direct/.test(c))).toBe(true);
  });

  it("a company proxy timing out is not told to switch to a public mirror", () => {
    const f = silent("https://goproxy.corp.test");
    expect(f).toBeDefined();
    expect(f?.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/HTTPS_PROXY|goproxy\.io|gomod-doctor probe/);
  });
});
