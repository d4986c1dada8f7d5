// One live scenario per network cause a loopback fault can produce, through
// `diagnose` with the real go: the cause must rank first, and a look-alike
// must not be mistaken for it. The proxy, its TLS and the HTTP proxy path.
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { refusedPort } from "../../fixtures/endpoints.js";
import { CA_CERT_FILE } from "../../fixtures/tls.js";
import { runCli } from "../helpers/cli.js";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { blackhole, cleanupAll, defer, diagnoseJson, finding, names, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

describe("the module proxy's name, address and answers", () => {
  it("proxy name does not resolve (GOPROXY=https://proxy.invalid): proxy-dns first, exit 1", async () => {
    const { dir, env } = await setup("healthy", "https://proxy.invalid");
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-dns");
    expect(top?.title).toContain("proxy.invalid");
    // The reference names resolve: this is one host, not the whole network.
    expect(finding(report, "network-offline")).toBeUndefined();
  }, 60_000);

  it("look-alike: the whole network offline: network-offline ranks above proxy-dns and explains it", async () => {
    const { dir, env } = await setup("healthy", "https://proxy.invalid", { GOMOD_DOCTOR_REFERENCE_HOSTS: "a.invalid,b.invalid" });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("network-offline");
    expect(top?.explains).toContain("GMD101");
    expect(finding(report, "proxy-dns")).toBeUndefined();
  }, 60_000);

  it("proxy blackholed (accepts, never answers): exit 3, proxy-blackholed first", async () => {
    const hole = await blackhole();
    const { dir, env } = await setup("healthy", hole.url);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(top?.severity).toBe("blocker");
    // The probe connected (loopback accepts): the silence is after the connection, not a firewall dropping packets.
    expect(top?.why).toMatch(/^TCP connections to 127\.0\.0\.1:\d+ open \(gomod-doctor's probe connected in \d+ ms/);
    expect(top?.why).not.toMatch(/firewall drops|i\/o timeout/);
  }, 60_000);

  it("proxy stalls before its headers (stall-headers): exit 3, proxy-blackholed first", async () => {
    const px = await proxy({ faults: [{ mode: { type: "stall-headers" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
  }, 60_000);

  it("proxy answers 500: proxy-server-error first, exit 1", async () => {
    const px = await proxy({ faults: [{ mode: { type: "status", status: 500 } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.evidence.join("\n")).toMatch(/500/);
  }, 60_000);

  it("look-alike: a 404 for one module is module-not-found, not a server error", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", mode: { type: "status", status: 404, body: "not found: example.com/a@v1.0.0: invalid version: unknown revision v1.0.0" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("module-not-found");
    expect(top?.modules).toEqual(["example.com/a"]);
    expect(finding(report, "proxy-server-error")).toBeUndefined();
    expect(finding(report, "private-not-in-goprivate")?.severity ?? "info").toBe("info");
  }, 60_000);
});

describe("the zip body", () => {
  it("zip stalled mid-body: exit 3, zip-stalled first, not proxy-blackholed", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 128 * 1024 } }] });
    const { dir, env } = await setup("big", px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("zip-stalled");
    expect(top?.modules).toEqual([BIG_MODULE]);
    // The headers came: the proxy answers, it is not blackholed.
    expect(finding(report, "proxy-blackholed")).toBeUndefined();
  }, 60_000);

  it("look-alike: slow but progressing (dribble 400 KB/s, --stall-timeout 2): no stall, exit 0", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "dribble", bytesPerSec: 400 * 1024 } }] });
    const { dir, env } = await setup("big", px.url);
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.outcome).toBe("ok");
    expect(report.stall).toBeUndefined();
    // It took longer than the stall timeout, yet nothing was declared stalled.
    expect(report.durationMs).toBeGreaterThan(2000);
    expect(finding(report, "zip-stalled")).toBeUndefined();
    expect(report.modules.find((m) => m.path === BIG_MODULE)?.state).toBe("done");
  }, 60_000);
});

describe("TLS", () => {
  it("TLS not trusted (an interception CA): tls-untrusted first, naming the issuer; the fix sets SSL_CERT_FILE", async () => {
    const px = await proxy({ tls: "untrusted" });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("tls-untrusted");
    expect(`${top?.title}\n${top?.why}\n${top?.evidence.join("\n")}`).toContain("Corp Interception CA");
    expect(top?.fixes.flatMap((f) => f.commands).join("\n")).toContain("SSL_CERT_FILE");
  }, 60_000);

  it("a proxy that sends its certificate without the intermediate: tls-incomplete-chain first, not interception", async () => {
    // go trusts the fixture CA; the server's certificate comes from an intermediate it does not send.
    const px = await proxy({ tls: "incomplete-chain" });
    const { dir, env } = await setup("healthy", px.url, { SSL_CERT_FILE: CA_CERT_FILE });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).toMatch(/x509: certificate signed by unknown authority/);
    expect(top?.name, names).toBe("tls-incomplete-chain");
    expect(top?.title).toBe("127.0.0.1 sends its TLS certificate without the intermediate CN=gomod-doctor Test Intermediate CA");
    expect(top?.fixes[1]!.commands[0]).toBe("curl -sS http://ca.corp.test/intermediate.crt -o /tmp/intermediate.crt");
    expect(finding(report, "tls-untrusted")).toBeUndefined();
  }, 60_000);

  it("look-alike: the same certificate with its intermediate is healthy: exit 0", async () => {
    const px = await proxy({ tls: "full-chain" });
    const { dir, env } = await setup("healthy", px.url, { SSL_CERT_FILE: CA_CERT_FILE });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
  }, 60_000);

  it("look-alike: a CA-signed proxy with SSL_CERT_FILE=the fixture CA is healthy: exit 0", async () => {
    const px = await proxy({ tls: "trusted" });
    const { dir, env } = await setup("healthy", px.url, { SSL_CERT_FILE: CA_CERT_FILE });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
  }, 60_000);
});

/** An HTTP proxy stand-in on loopback: answers a connection's first request (CONNECT or GET) with `head`, then ends it or holds it open. */
async function rawProxy(head: string, then: "end" | "hold"): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => (then === "end" ? socket.end(head) : socket.write(head)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  defer(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the HTTP proxy", () => {
  // Go never sends loopback through a proxy, so the GOPROXY host is a name:
  // with a dead HTTPS_PROXY, go never resolves it (nothing leaves the machine).
  it("HTTPS_PROXY set but dead: http-proxy-dead first, not proxy-dns or proxy-refused", async () => {
    const port = await refusedPort();
    const { dir, env } = await setup("healthy", "https://goproxy.corp.invalid", { HTTPS_PROXY: `http://127.0.0.1:${port}` });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("http-proxy-dead");
    expect(top?.title).toContain("HTTPS_PROXY");
    expect(finding(report, "proxy-dns")).toBeUndefined();
    expect(finding(report, "proxy-refused")).toBeUndefined();
  }, 60_000);

  it("an HTTP_PROXY that answers 407 to a plain-http GOPROXY request (no CONNECT): http-proxy-dead asking for credentials, not an unexplained failure", async () => {
    const squid = await rawProxy("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "end");
    const { dir, env } = await setup("healthy", "http://goproxy.corp.invalid", { HTTP_PROXY: squid });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(report.errors.join("\n")).toMatch(/407 Proxy Authentication Required/);
    expect(top?.name, names).toBe("http-proxy-dead");
    expect(top?.title).toBe(`HTTP_PROXY=${squid} asks for credentials (407 Proxy Authentication Required)`);
    expect(top?.fixes[0]?.commands).toEqual([`export HTTP_PROXY=http://<USER>:<PASSWORD>@${squid.replace("http://", "")}`]);
    expect(finding(report, "unexplained-failure")).toBeUndefined();
  }, 60_000);

  it("HTTP_PROXY and HTTPS_PROXY naming one proxy that answers 407: one finding, for HTTPS_PROXY (go sends https URLs through it)", async () => {
    const squid = await rawProxy("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "end");
    const { dir, env } = await setup("healthy", "https://goproxy.corp.invalid", { HTTP_PROXY: squid, HTTPS_PROXY: squid });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("http-proxy-dead");
    expect(report.findings.filter((f) => f.name === "http-proxy-dead").map((f) => f.title)).toEqual([
      `HTTPS_PROXY=${squid} does not work: the proxy asks for credentials (407 Proxy Authentication Required)`,
    ]);
  }, 60_000);

  it("an HTTPS_PROXY that opens the tunnel (200) and relays nothing: http-proxy-dead says so; the module proxy is not blamed", async () => {
    const hole = await rawProxy("HTTP/1.1 200 Connection established\r\n\r\n", "hold");
    const { dir, env } = await setup("healthy", "https://goproxy.corp.invalid", { HTTPS_PROXY: hole });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("http-proxy-dead");
    expect(top?.title).toBe(`HTTPS_PROXY=${hole} does not work: the proxy answers CONNECT goproxy.corp.invalid:443 but nothing passes through the tunnel`);
    expect(top?.explains ?? []).toContain("GMD103");
    expect(finding(report, "proxy-blackholed")).toBeUndefined();
  }, 60_000);

  it("look-alike: a dead HTTPS_PROXY does not matter for a loopback GOPROXY (never proxied): probe exit 0", async () => {
    const port = await refusedPort();
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { HTTPS_PROXY: `http://127.0.0.1:${port}`, HTTP_PROXY: `http://127.0.0.1:${port}` });
    const run = await runCli(["probe", dir, "--no-mirrors", "--probe-timeout", "2", "--json"], { env, timeoutMs: 30_000 });
    const report = parseReport(run.stdout);
    expect(run.code, names(report).join()).toBe(0);
    expect(finding(report, "http-proxy-dead")?.severity ?? "none").not.toBe("blocker");
    expect(report.probes.find((p) => p.probe === "goproxy")?.status).toBe("ok");
  }, 60_000);
});
