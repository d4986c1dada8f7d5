// Proxies misbehaving in ways found by running the real go command against
// servers no earlier test had: a zip missing after its go.mod was served, a
// 403 for one module only, a 401 over plain http, a 500 before `|off`, and a
// --timeout that ends a download which is still moving. The real go1.23
// through `diagnose --json`: top finding, exit code, what a user acts on.
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import type { Fault } from "../../fixtures/proxy.js";
import { cleanupAll, diagnoseJson, proxy, setup } from "./findings-support.js";
import type { DiagnoseTiming } from "./support/diagnose-run.js";

afterEach(cleanupAll);

async function diagnose(faults: Fault[], opts: { goproxy?: (url: string) => string; timing?: DiagnoseTiming; project?: "healthy" | "with-big" } = {}) {
  const px = await proxy({ faults });
  const { dir, env } = await setup(opts.project ?? "healthy", px.url);
  if (opts.goproxy) env.GOPROXY = opts.goproxy(px.url);
  const { run, report, top, names } = await diagnoseJson(dir, env, [], { timeoutMs: 30_000, ...opts.timing });
  return { px, run, report, top, names };
}

describe("answers that name the wrong cause unless read together", () => {
  it("a zip 404 after its go.mod was served: the proxy's missing file, not a private or missing module", async () => {
    const { px, run, top, names } = await diagnose([{ module: "example.com/a", kind: "zip", mode: { type: "status", status: 404 } }]);
    expect(run.code).toBe(1);
    expect(top?.title, names).toBe(`The module proxy 127.0.0.1:${px.port} serves example.com/a@v1.0.0's go.mod but not its zip (404)`);
    expect(names).not.toMatch(/private-not-in-goprivate|module-not-found/);
  }, 40_000);

  it("a 403 for one module while the other is served: the proxy's policy, quoted, not the credentials", async () => {
    const { px, run, top, names } = await diagnose([{ module: "example.com/b", mode: { type: "status", status: 403, body: "Forbidden: module blocked by policy (license)" } }]);
    expect(run.code).toBe(1);
    expect(top?.title, names).toBe(`The module proxy 127.0.0.1:${px.port} forbids example.com/b@v1.2.0 (403 Forbidden)`);
    expect(top?.why).toContain("module blocked by policy (license)");
    expect(names).not.toContain("auth-failed");
  }, 40_000);

  it("a 401 from an http:// GOPROXY: ~/.netrc cannot help, the go command sends it only over https", async () => {
    const { run, top, names } = await diagnose([{ mode: { type: "status", status: 401, headers: { "WWW-Authenticate": 'Basic realm="corp"' } } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("auth-failed");
    expect(top?.why).toMatch(/only over https/);
    expect(JSON.stringify(top?.fixes)).not.toMatch(/>> ~\/\.netrc/);
  }, 40_000);

  it("a 500 before `|off`: a blocker with no source to fall through to", async () => {
    const { run, top, names } = await diagnose([{ module: "example.com/b", mode: { type: "status", status: 500 } }], { goproxy: (url) => `${url}|off` });
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.severity).toBe("blocker");
    expect(top?.why).toMatch(/next GOPROXY entry is off/);
  }, 40_000);
});

describe("--timeout while a zip still arrives", () => {
  it("is the run needing more time (zip-large: its size and a longer --timeout), not an unexplained stall; exit 3", async () => {
    // The big zip at 200 KiB/s (above the 50k slow threshold) takes longer than the 4 s --timeout; the 10 s stall timeout is never reached.
    const { run, report, top, names } = await diagnose([{ module: BIG_MODULE, kind: "zip", mode: { type: "dribble", bytesPerSec: 200 * 1024 } }], {
      timing: { stallTimeout: 10, probeTimeout: 2, extraArgs: ["--timeout", "4"] },
      project: "with-big",
    });
    expect(run.code).toBe(3);
    expect(report.outcome).toBe("timeout");
    // The probe's read of the zip saw its announced size: GMD115 says size, rate and time left (GMD601 when the size is unknown).
    expect(top?.name, names).toBe("zip-large");
    expect(top?.title).toMatch(new RegExp(`^The zip of ${BIG_MODULE.replace(/\./g, "\\.")}@v1\\.0\\.0 is large \\(1\\.4 MiB\\) and was still arriving`));
    expect(top?.fixes[0]?.commands[0]).toMatch(/^gomod-doctor diagnose --timeout \d+$/);
    expect(names).not.toContain("unexplained-stall");
  }, 40_000);
});
