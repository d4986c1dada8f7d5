import { afterAll, afterEach, describe, expect, it } from "vitest";
import { probeEndpoint } from "../../src/probes/net/endpoint.js";
import { trustStore } from "../../src/probes/net/cas.js";
import { runProbes } from "../../src/probes/runner.js";
import { endpointOutcome } from "../../src/probes/outcome.js";
import type { ProbeTask } from "../../src/probes/types.js";
import { blackhole, closeAll, httpServer, httpsServer, refusedPort, removeTempDirs, selfSigned } from "./servers.js";

afterEach(closeAll);
afterAll(removeTempDirs);

const noExtra = { SSL_CERT_FILE: "/nonexistent-gmd-ca.pem" };

describe("probeEndpoint", () => {
  it("stops at dns for an unresolvable proxy", async () => {
    const facts = await probeEndpoint("https://proxy.invalid/", { timeoutMs: 2000, trust: await trustStore(noExtra) });
    expect(facts).toMatchObject({ failedStep: "dns", host: "proxy.invalid", port: 443, dns: { ok: false, code: "ENOTFOUND" } });
    expect(facts.tcp).toBeUndefined();
  });

  it("stops at tcp for a refused port", async () => {
    const port = await refusedPort();
    const facts = await probeEndpoint(`http://127.0.0.1:${port}`, { timeoutMs: 2000, trust: await trustStore(noExtra) });
    expect(facts).toMatchObject({ failedStep: "tcp", tcp: { ok: false, code: "ECONNREFUSED", port } });
    expect(endpointOutcome(facts)).toEqual({ status: "fail", error: { code: "ECONNREFUSED", message: expect.any(String) } });
  });

  it("stops at http with a timeout for a silent server, within its budget", async () => {
    const port = await blackhole();
    const start = performance.now();
    const facts = await probeEndpoint(`http://127.0.0.1:${port}`, { timeoutMs: 500, trust: await trustStore(noExtra) });
    expect(facts).toMatchObject({ failedStep: "http", dns: { ok: true }, tcp: { ok: true }, http: { ok: false, code: "TIMEOUT" } });
    expect(performance.now() - start).toBeLessThan(1200);
  });

  it("stops at tls for an untrusted certificate, and passes it with SSL_CERT_FILE", async () => {
    const cert = selfSigned();
    const port = await httpsServer((_req, res) => res.end("v1.0.0\n"));
    const url = `https://127.0.0.1:${port}`;
    const untrusted = await probeEndpoint(url, { timeoutMs: 3000, trust: await trustStore(noExtra) });
    expect(untrusted).toMatchObject({ failedStep: "tls", tls: { trust: "untrusted", issuer: "CN=127.0.0.1" } });
    const trusted = await probeEndpoint(url, { timeoutMs: 3000, trust: await trustStore({ SSL_CERT_FILE: cert.certFile }), requestUrl: `${url}/m/@v/list` });
    expect(trusted.failedStep).toBeUndefined();
    expect(trusted).toMatchObject({ tls: { ok: true, trust: "extra-ca" }, http: { ok: true, status: 200, bodySnippet: "v1.0.0\n" } });
  });

  it("an http:// URL at a TLS port: the plain request is closed, and a TLS handshake at that port completes (tlsOnPort)", async () => {
    const port = await httpsServer((_req, res) => res.end("v1.0.0\n"));
    const facts = await probeEndpoint(`http://127.0.0.1:${port}`, { timeoutMs: 3000, trust: await trustStore(noExtra) });
    expect(facts).toMatchObject({ failedStep: "http", http: { code: "SOCKET_CLOSED" }, tlsOnPort: { trust: "untrusted", issuer: "CN=127.0.0.1" } });
    expect(facts.tlsOnPort?.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it("a plain server that closes without answering gets a TLS try that fails: no protocol", async () => {
    const port = await httpServer((req) => req.socket.destroy());
    const facts = await probeEndpoint(`http://127.0.0.1:${port}`, { timeoutMs: 3000, trust: await trustStore(noExtra) });
    expect(facts.failedStep).toBe("http");
    expect(facts.tlsOnPort?.ok).toBe(false);
    expect(facts.tlsOnPort?.protocol).toBeUndefined();
  });

  it("records a 401 at the http step", async () => {
    const port = await httpServer((_req, res) => res.writeHead(401).end("auth required"));
    const facts = await probeEndpoint(`http://127.0.0.1:${port}`, { timeoutMs: 2000, trust: await trustStore(noExtra) });
    expect(facts).toMatchObject({ failedStep: "http", http: { status: 401, code: "HTTP_401" } });
  });

  it("reads the stuck zip and names a stalled body", async () => {
    const port = await httpServer((req, res) => {
      if (req.url?.endsWith(".zip")) res.writeHead(200).flushHeaders();
      else res.end('{"Version":"v1.0.0"}');
    });
    const base = `http://127.0.0.1:${port}`;
    const facts = await probeEndpoint(base, {
      timeoutMs: 3000,
      trust: await trustStore(noExtra),
      requestUrl: `${base}/m/@v/v1.0.0.info`,
      zipUrl: `${base}/m/@v/v1.0.0.zip`,
      zipWindowMs: 300,
    });
    expect(facts).toMatchObject({ failedStep: "zip", http: { ok: true }, zip: { ok: false, status: 200, code: "BODY_STALLED" } });
  });

  it("goes through an HTTP proxy without resolving the endpoint itself", async () => {
    const proxyPort = await httpServer((_req, res) => res.end("proxied"));
    const facts = await probeEndpoint("http://goproxy.invalid/", {
      timeoutMs: 2000,
      trust: await trustStore(noExtra),
      proxy: { variable: "HTTP_PROXY", proxy: `http://user:pw@127.0.0.1:${proxyPort}` },
    });
    expect(facts.failedStep).toBeUndefined();
    expect(facts.dns).toBeUndefined();
    expect(facts.viaProxy).toBe(`http://***@127.0.0.1:${proxyPort}`);
    expect(facts.http).toMatchObject({ ok: true, bodySnippet: "proxied" });
  });
});

describe("five silent endpoints", () => {
  it("finish together within the probe timeout + 1 s", async () => {
    const ports = await Promise.all(Array.from({ length: 5 }, () => blackhole()));
    const trust = await trustStore(noExtra);
    const timeoutMs = 1500;
    const tasks: ProbeTask[] = ports.map((port) => ({
      id: `goproxy:${port}`,
      probe: "goproxy",
      title: String(port),
      target: String(port),
      async run(signal) {
        const facts = await probeEndpoint(`http://127.0.0.1:${port}`, { signal, timeoutMs: timeoutMs - 300, trust });
        return { ...endpointOutcome(facts), facts: { ...facts } };
      },
    }));
    const start = performance.now();
    const results = await runProbes(tasks, { timeoutMs });
    expect(performance.now() - start).toBeLessThan(timeoutMs + 1000);
    for (const r of results) {
      expect(r).toMatchObject({ status: "fail", error: { code: "TIMEOUT" }, facts: { failedStep: "http" } });
    }
  });
});
