// How a probe's failed step reads in a finding's evidence.
import { describe, expect, it } from "vitest";
import { endpointFailureText } from "../../src/rules/facts.js";
import type { EndpointFacts } from "../../src/probes/types.js";

const base: EndpointFacts = { url: "https://proxy.corp.test", host: "proxy.corp.test", port: 443 };
const ok = { ok: true, ms: 3 };
const timeout = (ms: number) => ({ ok: false, ms, code: "TIMEOUT", message: "The operation was aborted due to timeout" });

describe("endpointFailureText", () => {
  it("a deadline says how far the probe got, at each step", () => {
    expect(endpointFailureText({ ...base, dns: { ...timeout(2000), host: "proxy.corp.test", addresses: [] }, failedStep: "dns" })).toBe("DNS lookup of proxy.corp.test: no answer within 2.0s");
    expect(endpointFailureText({ ...base, tcp: { ...timeout(1500), address: "10.0.0.7", port: 443 }, failedStep: "tcp" })).toBe("TCP connect to 10.0.0.7:443: no answer within 1.5s");
    expect(endpointFailureText({ ...base, tcp: { ...ok, address: "10.0.0.7", port: 443 }, tls: timeout(2000), failedStep: "tls" })).toBe(
      "TCP connected to 10.0.0.7:443, then the TLS handshake did not finish within 2.0s",
    );
    expect(endpointFailureText({ ...base, tcp: { ...ok, address: "10.0.0.7", port: 443 }, tls: ok, http: { ...timeout(2000), url: base.url }, failedStep: "http" })).toBe(
      "TLS connected to 10.0.0.7:443, then no HTTP answer within 2.0s",
    );
  });

  it("other failures keep their code and message (rules read the message)", () => {
    const refused = { ...base, tcp: { ok: false, ms: 1, code: "ECONNREFUSED", message: "connect ECONNREFUSED 10.0.0.7:443", port: 443 }, failedStep: "tcp" as const };
    expect(endpointFailureText(refused)).toBe("tcp failed: ECONNREFUSED connect ECONNREFUSED 10.0.0.7:443");
    expect(endpointFailureText(base)).toBeUndefined();
  });

  it("an error status is an answer, quoted as the server gave it", () => {
    const page = { ...base, tcp: { ...ok, port: 443 }, http: { ok: false, ms: 4, url: base.url, status: 400, code: "HTTP_400", message: "400 The plain HTTP request was sent to HTTPS port" }, failedStep: "http" as const };
    expect(endpointFailureText(page)).toBe("HTTP answered 400 The plain HTTP request was sent to HTTPS port");
  });
});
