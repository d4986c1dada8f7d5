// go1.23 downloading the toolchain go.mod asks for (golang.org/toolchain) through a proxy that hangs on
// that file only: the stall on the toolchain download is the cause and leads (GMD103, named by the
// probe's stuck request); the go line that makes go download it (GMD506) is context and says so.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goproxyProbe, trace } from "./evidence/base.js";
import type { ProbeResult } from "../../src/probes/types.js";

const P = "http://127.0.0.1:4100";
const V = "v0.0.1-go1.99.0.linux-amd64";
const INFO = `${P}/golang.org/toolchain/@v/${V}.info`;

function stalledOnToolchain(probes: ProbeResult[]) {
  const c = ctx({ GOPROXY: P, GOTOOLCHAIN: "auto" });
  c.mod.go = "1.99.0";
  c.toolchainWanted = "go1.99.0";
  const stall = { atMs: 40_000, idleMs: 38_000, suspects: [{ kind: "toolchain" as const, module: "golang.org/toolchain", version: V, idleMs: 38_000 }] };
  return diagnoseEvidence(evidence({ outcome: "stalled", ctx: c, trace: trace({ stall, toolchain: ["go: downloading go1.99.0 (linux/amd64)"] }), probes }));
}

// The probe's .info request for the toolchain got no headers while the proxy's root answered: the proxy is up, stuck on that file.
const stuck = goproxyProbe(endpoint(P, { http: { ok: false, ms: 5_000, url: INFO, code: "TIMEOUT" }, root: { ok: true, ms: 3, url: `${P}/`, status: 404 }, failedStep: "http", module: "golang.org/toolchain" }));

describe("a proxy that hangs only on the toolchain download", () => {
  it("the stall on the toolchain file leads, about golang.org/toolchain, with go's wait (not the probe's) in its title", () => {
    const fs = stalledOnToolchain([stuck]);
    expect(fs.map((f) => f.code).slice(0, 2)).toEqual(["GMD103", "GMD506"]);
    const top = fs[0]!;
    expect(top.modules).toEqual(["golang.org/toolchain"]);
    expect(top.title).toBe(`The module proxy 127.0.0.1:4100 answers, but not for the go1.99.0 toolchain (golang.org/toolchain@${V}) (nothing for 38s)`);
    expect(top.why).toMatch(/That download is the stall's cause; go fetches the toolchain before anything else only because go\.mod \(or GOTOOLCHAIN\) asks for a newer go/);
  });

  it("the go line's finding is context: it says the download hangs (not fails) and that the stall is what the run waits on", () => {
    const f = stalledOnToolchain([stuck]).find((x) => x.code === "GMD506")!;
    expect(f.title).toBe(`go.mod's "go 1.99.0" line makes go download the go1.99.0 toolchain first, and that download hangs`);
    expect(f.why).toMatch(/that stall is what the run waits on/);
    expect(f.why).not.toMatch(/download fails/);
    const commands = f.fixes.flatMap((x) => x.commands);
    expect(commands).toContain(`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${INFO}`);
    expect(commands).toContain("GOTOOLCHAIN=local go mod download");
    expect(f.fixes.map((x) => x.summary).join("\n")).not.toMatch(/fix the proxy's finding/);
  });

  it("without a probe, the toolchain finding is all there is and leads", () => {
    const fs = stalledOnToolchain([]);
    expect(fs[0]!.code).toBe("GMD506");
    expect(fs[0]!.title).toMatch(/and that download hangs$/);
  });

  it("look-alike: a toolchain download that failed keeps 'cannot be downloaded'", () => {
    const c = ctx({ GOPROXY: P });
    c.mod.go = "1.99.0";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: c,
        trace: trace({ toolchain: ["go: downloading go1.99.0 (linux/amd64)"], errors: [{ message: "go: download go1.99.0 for linux/amd64: toolchain not available", details: [] }] }),
      }),
    );
    expect(fs.find((x) => x.code === "GMD506")!.title).toBe("The go 1.99.0 toolchain go.mod asks for cannot be downloaded");
  });
});
