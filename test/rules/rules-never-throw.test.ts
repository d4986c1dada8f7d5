// No rule throws, whatever the probes saw: every scenario's evidence, with its
// goproxy, mirror and sumdb probes replaced by arbitrary endpoint facts (any
// step failed or missing, any code, status, byte count, redirect or reason),
// and go's error lines about those endpoints added to its trace, is judged
// without an internal-rule-error finding (GMD999); so is a probe of any family
// cut off at its deadline with no facts at all (a loaded machine, a tiny
// --probe-timeout: the runner's `facts: {}` made the network and transfer
// rules throw in live runs).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { INTERNAL_ERROR } from "../../src/rules/generic.js";
import type { EndpointFacts, HttpFacts } from "../../src/probes/types.js";
import { PROBE_CODES } from "../../src/probes/net/errors.js";
import type { Evidence } from "../../src/rules/types.js";
import type { ProbeResult } from "../../src/report/schema.js";
import { goError, goproxyProbe, mirrorProbe, sumdbProbe, trace } from "./evidence/base.js";
import { network } from "./evidence/scenarios.js";
import { generic, modcache, performance, privateVcs, settings, sumdb } from "./evidence/scenarios-more.js";

const SCENARIOS = [...network, ...sumdb, ...privateVcs, ...modcache, ...settings, ...performance, ...generic];

const code = fc.constantFrom(...Object.values(PROBE_CODES), "ECONNRESET", "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "HTTP_404", "HTTP_502", "CERT_HAS_EXPIRED");
const base = fc.constantFrom("http://127.0.0.1:8080", "https://proxy.golang.org", "https://goproxy.corp.test/api/go", "http://[::1]:3000");
const path = fc.constantFrom("", "/example.com/b/@v/v1.2.0.zip", "/example.com/b/@v/v1.2.0.info", "/example.com/b/@v/list", "/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip", "/sumdb/sum.golang.org/lookup/example.com/b@v1.2.0", "/%zz/@v/", "?x=1");
const step = { ok: fc.boolean(), ms: fc.nat({ max: 60_000 }), code: fc.option(code, { nil: undefined }), message: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) };

function http(b: string): fc.Arbitrary<HttpFacts> {
  return fc.record(
    {
      ...step,
      url: path.map((p) => `${b}${p}`),
      status: fc.option(fc.constantFrom(200, 206, 301, 302, 400, 401, 403, 404, 407, 410, 429, 500, 502, 503, 504), { nil: undefined }),
      reason: fc.option(fc.constantFrom("OK", "Not Found", "Served from cache", ""), { nil: undefined }),
      ttfbMs: fc.option(fc.nat({ max: 30_000 }), { nil: undefined }),
      bodySnippet: fc.option(fc.constantFrom("<html><title>Sign in</title>", "not found: unknown revision", "{\"Version\":\"v1.2.0\"}", "\u0000\u0001garbage"), { nil: undefined }),
      bytes: fc.option(fc.nat({ max: 5_000_000 }), { nil: undefined }),
      bytesPerSecond: fc.option(fc.nat({ max: 10_000_000 }), { nil: undefined }),
      silentMs: fc.option(fc.nat({ max: 10_000 }), { nil: undefined }),
      totalBytes: fc.option(fc.nat({ max: 5_000_000 }), { nil: undefined }),
      redirects: fc.option(fc.array(path.map((p) => `https://cdn.test${p}`), { maxLength: 3 }), { nil: undefined }),
      retryAfter: fc.option(fc.constantFrom("120", "Wed, 21 Oct 2026 07:28:00 GMT"), { nil: undefined }),
    },
    { requiredKeys: ["ok", "ms", "url"] },
  );
}

const endpointFacts: fc.Arbitrary<EndpointFacts> = base.chain((b) => {
  const u = new URL(b);
  return fc.record(
    {
      url: fc.constant(b),
      host: fc.constant(u.hostname),
      port: fc.constant(Number(u.port || (u.protocol === "https:" ? 443 : 80))),
      dns: fc.record({ ...step, host: fc.constant(u.hostname), addresses: fc.array(fc.constantFrom("127.0.0.1", "::1", "203.0.113.10"), { maxLength: 2 }) }, { requiredKeys: ["ok", "ms", "host", "addresses"] }),
      tcp: fc.record({ ...step, address: fc.option(fc.constant("127.0.0.1"), { nil: undefined }), port: fc.constant(443) }, { requiredKeys: ["ok", "ms", "port"] }),
      tls: fc.record({ ...step, hostnameMatch: fc.option(fc.boolean(), { nil: undefined }), trust: fc.option(fc.constantFrom("system" as const, "extra-ca" as const, "untrusted" as const), { nil: undefined }), protocol: fc.option(fc.constant("TLSv1.3"), { nil: undefined }) }, { requiredKeys: ["ok", "ms"] }),
      http: http(b),
      zip: http(b),
      root: http(b),
      list: http(b),
      module: fc.option(fc.constantFrom("example.com/b", "golang.org/toolchain"), { nil: undefined }),
      failedStep: fc.option(fc.constantFrom("dns" as const, "tcp" as const, "tls" as const, "http" as const, "zip" as const), { nil: undefined }),
      tlsOnPort: fc.record({ ...step, protocol: fc.option(fc.constant("TLSv1.3"), { nil: undefined }) }, { requiredKeys: ["ok", "ms"] }),
      netrc: fc.record({ hasHost: fc.boolean(), hasPassword: fc.boolean() }),
    },
    { requiredKeys: ["url", "host", "port"] },
  );
});

/** go's own error lines about those endpoints (cmd/go/internal/web and modfetch wordings). */
const goLine = fc.tuple(base, path, fc.constantFrom(
  'go: example.com/b@v1.2.0: read "URL": unexpected EOF',
  'go: example.com/b@v1.2.0: read "URL": stream error: stream ID 3; INTERNAL_ERROR; received from peer',
  'go: example.com/b@v1.2.0: read "URL": http2: server sent GOAWAY and closed the connection; LastStreamID=1, ErrCode=NO_ERROR, debug=""',
  'go: example.com/b@v1.2.0: Get "URL": net/http: TLS handshake timeout',
  'go: example.com/b@v1.2.0: Get "URL": dial tcp 127.0.0.1:8080: connect: connection refused',
  'go: example.com/b@v1.2.0: reading URL: 502 Bad Gateway',
  'go: example.com/b@v1.2.0: Get "URL": stopped after 10 redirects',
  'go: example.com/b@v1.2.0: read "URL": gzip: invalid header',
  'go: example.com/b@v1.2.0: Get "URL": EOF',
  "go: downloading example.com/b v1.2.0",
)).map(([b, p, line]) => goError(line.replace("URL", `${b}${p}`), [], "example.com/b", "v1.2.0"));

const FAMILIES = ["goproxy", "mirror", "sumdb", "vcs", "modcache", "network", "http-proxy", "private-modules", "file-proxy"] as const;

/** What the runner hands back for a task cut off at its deadline before it returned anything: no facts at all. */
function cutOffResult(probe: string): ProbeResult {
  return { id: `${probe}:cut`, probe, title: `${probe} cut`, target: "cut", status: "fail", ms: 50, facts: {}, error: { code: "TIMEOUT", message: "probe deadline reached" } };
}

/** The scenario's evidence with its endpoint probes replaced, and one more goproxy probe added. */
function withProbes(e: Evidence, facts: EndpointFacts[], kinds: number[], errors: ReturnType<typeof goError>[] = [], cut: string[] = []): Evidence {
  const endpoints = facts.map((f, i) => {
    const kind = kinds[i]! % 3;
    if (kind === 0) return goproxyProbe(f);
    if (kind === 1) return mirrorProbe(f);
    return sumdbProbe({ name: "sum.golang.org", url: f.url, endpoint: f, privateLookups: [] });
  });
  const kept = e.probes.filter((p) => p.probe !== "goproxy" && p.probe !== "mirror" && p.probe !== "sumdb");
  const t = errors.length > 0 ? { ...(e.trace ?? trace()), errors: [...(e.trace?.errors ?? []), ...errors] } : e.trace;
  return { ...e, ...(t ? { trace: t } : {}), probes: [...kept, ...endpoints, ...cut.map(cutOffResult)] };
}

describe("rules never throw on what the probes saw", () => {
  it("any endpoint facts, in every scenario: no internal-rule-error", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: SCENARIOS.length - 1 }),
        fc.array(endpointFacts, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat({ max: 2 }), { minLength: 3, maxLength: 3 }),
        fc.array(goLine, { maxLength: 3 }),
        fc.subarray([...FAMILIES]),
        (i, facts, kinds, errors, cut) => {
          const findings = diagnoseEvidence(withProbes(SCENARIOS[i]!.evidence, facts, kinds, errors, cut));
          const internal = findings.filter((f) => f.code === INTERNAL_ERROR.code);
          expect(internal.map((f) => f.why)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
