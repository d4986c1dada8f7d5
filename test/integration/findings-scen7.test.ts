// Scenario round 7, live with the real go1.23: settings whose wording was
// wrong (a GOPROXY with no entries, one that is off behind empty entries).
import { afterEach, describe, expect, it } from "vitest";
import { startConnectProxy, startTlsBlackhole } from "../../fixtures/endpoints.js";
import { CA_CERT_FILE } from "../../fixtures/tls.js";
import { cleanupAll, defer, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

describe("a GOPROXY list with no usable entries", () => {
  it('GOPROXY=",": says the list has no entries, quotes go, fixes by unsetting it (export in the environment)', async () => {
    const { dir, env } = await setup("healthy", ",");
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD503");
    expect(top?.title).toBe('GOPROXY="," is a list with no entries');
    expect(top?.evidence.join("\n")).toContain("GOPROXY list is not the empty string, but contains no entries");
    expect(top?.fixes[0]?.commands[0]).toBe("unset GOPROXY");
  }, 60_000);

  it('GOPROXY=",off": off behind an empty entry is read as off, and the why says so', async () => {
    const { dir, env } = await setup("healthy", ",off");
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("goproxy-off");
    expect(top?.why).toMatch(/^GOPROXY=",off" has no usable entry before off/);
  }, 60_000);
});

describe("a misspelt go setting", () => {
  it("GOPRIVTE in the environment: go ignores it; GMD509 names GOPRIVATE and moves the value", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { GOPRIVTE: "corp.example.com" });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    const f = finding(report, "ignored-setting");
    expect(f?.title, names).toBe("GOPRIVTE is not a go setting; did you mean GOPRIVATE?");
    expect(f?.fixes[0]?.commands.slice(0, 2)).toEqual(["unset GOPRIVTE", "export GOPRIVATE=corp.example.com"]);
  }, 60_000);
});

describe("NO_PROXY shadowed by no_proxy", () => {
  it("the module proxy listed in no_proxy only: go reads NO_PROXY, goes through the HTTP proxy that refuses it, and GMD108 says which spelling go uses", async () => {
    const px = await proxy({ tls: "trusted" });
    const cp = await startConnectProxy({ fault: "refuse" });
    defer(() => cp.close());
    // go never proxies loopback targets: a *.test name goes through the proxy.
    const { dir, env } = await setup("healthy", `https://proxy.corp.test:${px.port}`, {
      HTTPS_PROXY: cp.url,
      SSL_CERT_FILE: CA_CERT_FILE,
      NO_PROXY: "localhost",
      no_proxy: "localhost,proxy.corp.test",
    });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(cp.requests.some((r) => r.method === "CONNECT" && r.target === `proxy.corp.test:${px.port}`)).toBe(true);
    const f = report.findings.find((x) => x.code === "GMD108");
    expect(f?.title, names).toBe(`proxy.corp.test is sent through ${cp.url}: it is listed in no_proxy, but the go command reads NO_PROXY`);
    expect(f?.why).toMatch(/reads NO_PROXY and falls back to no_proxy only when NO_PROXY is empty, so it uses NO_PROXY=localhost/);
    expect(f?.evidence).toEqual(expect.arrayContaining(["NO_PROXY=localhost", "no_proxy=localhost,proxy.corp.test"]));
  }, 60_000);
});

describe("a proxy that accepts TCP and never finishes the TLS handshake", () => {
  it("the stall finding says the handshake never completed, not that nothing answers", async () => {
    const hole = await startTlsBlackhole();
    defer(() => hole.close());
    const { dir, env } = await setup("healthy", `https://127.0.0.1:${hole.port}`);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.code, names).toBe("GMD103");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${hole.port} accepts connections but never completes the TLS handshake`));
    expect(top?.why).toMatch(/TLS handshake never completes/);
    expect(top?.why).not.toMatch(/first byte of the answer never comes|no response headers/);
    expect(top?.fixes[0]?.commands).toContain(`openssl s_client -connect 127.0.0.1:${hole.port} -servername 127.0.0.1 </dev/null`);
  }, 60_000);
});

describe("a large zip still arriving when --timeout ends the run", () => {
  it("GMD115: progressing, its announced size, the rate, the time left, and --timeout of at least size/rate rounded up", async () => {
    const px = await proxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "dribble", bytesPerSec: 200_000 } }] });
    const { dir, env } = await setup("with-big", px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env, [], { stallTimeout: 3, probeTimeout: 3, extraArgs: ["--timeout", "4"] });
    expect(run.code).toBe(3);
    expect(report.outcome).toBe("timeout");
    expect(top?.code, names).toBe("GMD115");
    expect(top?.title).toMatch(/^The zip of example\.com\/big@v1\.0\.0 is large \(1\.4 MiB\) and was still arriving at \d+ KiB\/s when --timeout ended the run$/);
    expect(top?.why).toMatch(/^Nothing stalled: .* of the 1\.4 MiB the server announced had arrived \(\d+%\).*needs about [\d.]+s in all, [\d.]+s more/);
    // 1.5 MB at about 200 KB/s: 7.5 s, rounded up to 10.
    expect(top?.fixes[0]?.commands).toEqual(["gomod-doctor diagnose --timeout 10"]);
    expect(names).not.toContain("slow-download");
  }, 60_000);
});
