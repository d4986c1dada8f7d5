import { afterAll, afterEach, describe, expect, it } from "vitest";
import { resolveHost } from "../../src/probes/net/dns.js";
import { connectAny, connectTcp } from "../../src/probes/net/tcp.js";
import { inspectTls } from "../../src/probes/net/tls.js";
import { loadExtraCas, splitPem } from "../../src/probes/net/cas.js";
import { errorCode } from "../../src/probes/net/errors.js";
import { blackhole, closeAll, httpServer, httpsServer, rawServer, refusedPort, removeTempDirs, selfSigned } from "./servers.js";
import { rootCertificates } from "node:tls";
import { caCert, fullChainServer, incompleteChainServer } from "../../fixtures/tls.js";

afterEach(closeAll);
afterAll(removeTempDirs);

describe("errorCode", () => {
  it("prefers the cause's code and normalises timeouts", () => {
    expect(errorCode(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }))).toBe("ECONNREFUSED");
    expect(errorCode(new DOMException("t", "TimeoutError"))).toBe("TIMEOUT");
    expect(errorCode(new DOMException("a", "AbortError"))).toBe("ABORT");
    expect(errorCode({ code: "UND_ERR_HEADERS_TIMEOUT" })).toBe("TIMEOUT");
    expect(errorCode({ code: "HPE_INVALID_CONSTANT" })).toBe("HPE_INVALID_CONSTANT");
    expect(errorCode("nope")).toBe("UNKNOWN");
  });
});

describe("resolveHost", () => {
  it("answers ENOTFOUND for a .invalid name without a query", async () => {
    let asked = false;
    const facts = await resolveHost("proxy.invalid", { lookup: async () => ((asked = true), []) });
    expect(facts).toMatchObject({ ok: false, code: "ENOTFOUND", host: "proxy.invalid", addresses: [] });
    expect(asked).toBe(false);
  });

  it("passes IP literals through", async () => {
    expect(await resolveHost("127.0.0.1")).toMatchObject({ ok: true, addresses: ["127.0.0.1"] });
    expect(await resolveHost("[::1]")).toMatchObject({ ok: true, host: "::1", addresses: ["::1"] });
  });

  it("lists every address the resolver gives, once", async () => {
    const lookup = async (): Promise<{ address: string; family: number }[]> => [
      { address: "127.0.0.1", family: 4 },
      { address: "::1", family: 6 },
      { address: "127.0.0.1", family: 4 },
    ];
    expect(await resolveHost("corp.test", { lookup })).toMatchObject({ ok: true, addresses: ["127.0.0.1", "::1"] });
  });

  it("classifies resolver failures by code and keeps the message", async () => {
    const lookup = async (): Promise<never> => {
      throw Object.assign(new Error("getaddrinfo EAI_AGAIN corp.test"), { code: "EAI_AGAIN" });
    };
    expect(await resolveHost("corp.test", { lookup })).toMatchObject({ ok: false, code: "EAI_AGAIN", message: "getaddrinfo EAI_AGAIN corp.test" });
  });

  it("ends at its deadline when the resolver hangs", async () => {
    const facts = await resolveHost("corp.test", { lookup: () => new Promise(() => undefined), timeoutMs: 100 });
    expect(facts).toMatchObject({ ok: false, code: "TIMEOUT" });
    expect(facts.ms).toBeLessThan(1000);
  });
});

describe("connectTcp", () => {
  it("reports ECONNREFUSED for a closed port", async () => {
    const port = await refusedPort();
    expect(await connectTcp("127.0.0.1", port, { timeoutMs: 2000 })).toMatchObject({ ok: false, code: "ECONNREFUSED", port });
  });

  it("connects to a listener and picks the address that works", async () => {
    const port = await blackhole();
    // 127.0.0.2 is loopback too, but nothing listens there on this port.
    expect(await connectAny(["127.0.0.2", "127.0.0.1"], port, { timeoutMs: 2000 })).toMatchObject({ ok: true, address: "127.0.0.1" });
  });

  it("reports the first address's failure when none connects", async () => {
    const port = await refusedPort();
    expect(await connectAny(["127.0.0.1", "127.0.0.2"], port, { timeoutMs: 2000 })).toMatchObject({ ok: false, address: "127.0.0.1", code: "ECONNREFUSED" });
  });
});

describe("inspectTls", () => {
  it("reads an untrusted self-signed certificate and names its issuer", async () => {
    const port = await httpsServer((_req, res) => res.end("ok"));
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", port, { systemCa: [...rootCertificates], timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: false, trust: "untrusted", hostnameMatch: true, issuer: "CN=127.0.0.1", subject: "CN=127.0.0.1" });
    expect(facts.authorizationError).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(facts.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(facts.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(Date.parse(facts.validTo ?? "")).toBeGreaterThan(Date.now());
  });

  it("calls it extra-ca when SSL_CERT_FILE holds the certificate", async () => {
    const cert = selfSigned();
    const port = await httpsServer((_req, res) => res.end("ok"));
    const extra = await loadExtraCas({ SSL_CERT_FILE: cert.certFile });
    expect(extra.certs).toHaveLength(1);
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", port, { systemCa: [...rootCertificates], extraCa: extra.certs, timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: true, trust: "extra-ca", authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  });

  it("reads SSL_CERT_DIR directories and skips keys", async () => {
    const cert = selfSigned();
    const extra = await loadExtraCas({ SSL_CERT_DIR: `${cert.dir}:/nonexistent-gmd-dir` });
    expect(extra.certs).toHaveLength(1); // key.pem holds no certificate
    expect(extra.errors.some((e) => e.startsWith("/nonexistent-gmd-dir"))).toBe(true);
    expect(splitPem("junk")).toEqual([]);
  });

  it("names the issuer a server left out of its chain, and where the certificate says it is published", async () => {
    const port = await httpsServer((_req, res) => res.end("ok"), incompleteChainServer);
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", port, { systemCa: [...rootCertificates], extraCa: [caCert], timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: false, trust: "untrusted", code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", issuer: "CN=gomod-doctor Test Intermediate CA" });
    expect(facts.missingIssuer).toEqual({ caIssuersUrl: "http://ca.corp.test/intermediate.crt" });
  });

  it("the same certificate sent with its intermediate is trusted; a self-signed one has no issuer to miss", async () => {
    const full = await httpsServer((_req, res) => res.end("ok"), fullChainServer);
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", full, { systemCa: [...rootCertificates], extraCa: [caCert], timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: true, trust: "extra-ca" });
    expect(facts.missingIssuer).toBeUndefined();
    const self = await httpsServer((_req, res) => res.end("ok"));
    expect((await inspectTls("127.0.0.1", "127.0.0.1", self, { systemCa: [...rootCertificates], timeoutMs: 3000 })).missingIssuer).toBeUndefined();
  });

  it("notices a certificate for another name", async () => {
    const cert = selfSigned();
    const port = await httpsServer((_req, res) => res.end("ok"));
    const facts = await inspectTls("localhost", "127.0.0.1", port, { systemCa: [...rootCertificates], extraCa: splitPem(cert.cert), timeoutMs: 3000 });
    expect(facts).toMatchObject({ ok: false, trust: "extra-ca", hostnameMatch: false, code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });

  it("ends at its deadline when the handshake never finishes", async () => {
    const port = await blackhole();
    const started = performance.now();
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", port, { systemCa: [...rootCertificates], timeoutMs: 300 });
    expect(facts).toMatchObject({ ok: false, code: "TIMEOUT" });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("classifies TLS spoken to a plain HTTP server", async () => {
    const port = await httpServer((_req, res) => res.end("plain"));
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", port, { systemCa: [...rootCertificates], timeoutMs: 3000 });
    expect(facts.ok).toBe(false);
    expect(facts.code).toMatch(/^(ERR_SSL_|EPROTO|ECONNRESET)/);
  });

  it("closes on a server that hangs up mid-handshake", async () => {
    const port = await rawServer((socket) => socket.end());
    const facts = await inspectTls("127.0.0.1", "127.0.0.1", port, { systemCa: [...rootCertificates], timeoutMs: 3000 });
    expect(facts.ok).toBe(false);
    expect(facts.code).toBe("ECONNRESET");
  });
});
