// Recorded-style scenarios: for each cause, one situation where it must rank
// first, and look-alikes where it must not. Error texts are the go command's
// (go1.23 on Linux); probe facts have the shapes of src/probes/types.ts.
import type { Evidence } from "../../../src/rules/types.js";
import {
  OFFLINE,
  ONLINE,
  ctx,
  endpoint,
  evidence,
  goError,
  goproxyProbe,
  httpProxyProbe,
  req,
  sumdbProbe,
  trace,
} from "./base.js";

/** GOPROXY=direct on a network where the probe's public names all fail, and go's error for git.corp.test/r@v1.2.0. */
function splitDns(env: Record<string, string>, message: string, details: string[] = []): Evidence {
  return evidence({
    outcome: "failed",
    ctx: ctx({ GOPROXY: "direct", ...env }, {}, ["git.corp.test/r@v1.2.0"]),
    trace: trace({ errors: [goError(message, details, "git.corp.test/r", "v1.2.0")] }),
    probes: [OFFLINE],
  });
}

export interface Scenario {
  name: string;
  evidence: Evidence;
  /** The code that must rank first. */
  first: string;
  /** Codes that must not appear at all. */
  absent?: string[];
}

const TEXT_MOD = "https://proxy.golang.org/golang.org/x/text/@v/v0.14.0.mod";
const CORP_MOD = "https://goproxy.corp.invalid/golang.org/x/text/@v/v0.14.0.mod";
const DNS_ERR = (url: string, host: string) => `Get "${url}": dial tcp: lookup ${host} on 10.255.255.53:53: no such host`;

const corpDnsTrace = trace({
  requests: [req(CORP_MOD, { error: DNS_ERR(CORP_MOD, "goproxy.corp.invalid") })],
  errors: [goError(`go: golang.org/x/text@v0.14.0: ${DNS_ERR(CORP_MOD, "goproxy.corp.invalid")}`, [], "golang.org/x/text", "v0.14.0")],
  exit: { code: 1 },
});
const corpDnsProbe = goproxyProbe(
  endpoint("https://goproxy.corp.invalid", { dns: { ok: false, ms: 3, host: "goproxy.corp.invalid", addresses: [], code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND goproxy.corp.invalid" }, failedStep: "dns" }),
);

export const network: Scenario[] = [
  {
    name: "proxy name does not resolve while other names do",
    evidence: evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "https://goproxy.corp.invalid,direct" }), trace: corpDnsTrace, probes: [corpDnsProbe, ONLINE] }),
    first: "GMD101",
    absent: ["GMD109", "GMD902"],
  },
  {
    name: "proxy name does not resolve, from a saved log alone",
    evidence: evidence({ outcome: "analyzed", trace: corpDnsTrace }),
    first: "GMD101",
    absent: ["GMD109"],
  },
  {
    name: "look-alike: every name fails: offline, not one bad proxy",
    evidence: evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "https://goproxy.corp.invalid,direct" }), trace: corpDnsTrace, probes: [corpDnsProbe, OFFLINE] }),
    first: "GMD109",
    absent: ["GMD101"],
  },
  // An air-gapped or split-DNS network: public names fail, the company's git host answers go (GOPROXY=direct).
  {
    name: "look-alike: public names fail but the internal git host asked for credentials: auth-failed, not offline",
    evidence: splitDns({ GOPRIVATE: "git.corp.test" }, "go: git.corp.test/r@v1.2.0: git ls-remote -q origin in /m/cache/vcs/0a1b: exit status 128:", [
      "\tfatal: could not read Username for 'http://git.corp.test': terminal prompts disabled",
      "Confirm the import path was typed correctly.",
    ]),
    first: "GMD302",
    absent: ["GMD109"],
  },
  {
    name: "look-alike: public names fail but the internal git host has no such tag: module-not-found, not offline",
    evidence: splitDns({ GOPRIVATE: "git.corp.test" }, "go: git.corp.test/r@v1.2.0: reading git.corp.test/r/go.mod at revision v1.2.0: unknown revision v1.2.0"),
    first: "GMD307",
    absent: ["GMD109", "GMD301"],
  },
  {
    name: "look-alike: the same under GOPROXY=direct without GOPRIVATE: no 'add GOPRIVATE' (no proxy is asked)",
    evidence: splitDns({}, 'go: git.corp.test/r@v1.2.0: unrecognized import path "git.corp.test/r": parse http://git.corp.test/r?go-get=1: no go-import meta tags ()'),
    first: "GMD306",
    absent: ["GMD109", "GMD301"],
  },
  {
    name: "look-alike: offline from the log: the proxy and the sumdb both fail by name",
    evidence: evidence({
      outcome: "analyzed",
      trace: trace({
        requests: [
          req(TEXT_MOD, { error: DNS_ERR(TEXT_MOD, "proxy.golang.org") }),
          req("https://sum.golang.org/lookup/golang.org/x/text@v0.14.0", { error: DNS_ERR("https://sum.golang.org/lookup/golang.org/x/text@v0.14.0", "sum.golang.org") }),
        ],
      }),
    }),
    first: "GMD109",
  },
  {
    name: "proxy refuses connections",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "http://127.0.0.1:3000" }),
      trace: trace({
        requests: [req("http://127.0.0.1:3000/golang.org/x/text/@v/v0.14.0.mod", { error: 'Get "http://127.0.0.1:3000/golang.org/x/text/@v/v0.14.0.mod": dial tcp 127.0.0.1:3000: connect: connection refused' })],
        errors: [goError('go: golang.org/x/text@v0.14.0: Get "http://127.0.0.1:3000/golang.org/x/text/@v/v0.14.0.mod": dial tcp 127.0.0.1:3000: connect: connection refused', [], "golang.org/x/text", "v0.14.0")],
      }),
      probes: [goproxyProbe(endpoint("http://127.0.0.1:3000", { tcp: { ok: false, ms: 1, port: 3000, code: "ECONNREFUSED" }, failedStep: "tcp" })), ONLINE],
    }),
    first: "GMD102",
  },
  {
    name: "look-alike: refused by the HTTP proxy (proxyconnect), not by the module proxy",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({}, { HTTPS_PROXY: "http://10.0.0.5:3128" }),
      trace: trace({
        requests: [req(TEXT_MOD, { error: `Get "${TEXT_MOD}": proxyconnect tcp: dial tcp 10.0.0.5:3128: connect: connection refused` })],
        errors: [goError(`go: golang.org/x/text@v0.14.0: Get "${TEXT_MOD}": proxyconnect tcp: dial tcp 10.0.0.5:3128: connect: connection refused`, [], "golang.org/x/text")],
      }),
    }),
    first: "GMD107",
    absent: ["GMD102"],
  },
  {
    name: "proxy blackholed: no response headers, probe times out on the first byte",
    evidence: evidence({
      outcome: "stalled",
      ctx: ctx({ GOPROXY: "https://goproxy.corp.test" }),
      trace: trace({
        outstanding: [req("https://goproxy.corp.test/golang.org/x/text/@v/v0.14.0.mod", undefined)],
        stall: { atMs: 45000, idleMs: 45000, suspects: [{ kind: "http", url: "https://goproxy.corp.test/golang.org/x/text/@v/v0.14.0.mod", module: "golang.org/x/text", version: "v0.14.0", idleMs: 45000 }] },
      }),
      probes: [goproxyProbe(endpoint("https://goproxy.corp.test", { http: { ok: false, ms: 5000, url: "https://goproxy.corp.test/", code: "TIMEOUT", message: "Headers Timeout Error" }, failedStep: "http" })), ONLINE],
    }),
    first: "GMD103",
    absent: ["GMD901", "GMD105"],
  },
  {
    name: "proxy answers 502",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://goproxy.corp.test,direct" }),
      trace: trace({
        requests: [req("https://goproxy.corp.test/golang.org/x/text/@v/v0.14.0.info", { status: 502 })],
        errors: [goError("go: golang.org/x/text@v0.14.0: reading https://goproxy.corp.test/golang.org/x/text/@v/v0.14.0.info: 502 Bad Gateway", [], "golang.org/x/text")],
      }),
    }),
    first: "GMD104",
  },
  {
    name: "zip stalled mid-body",
    evidence: evidence({
      outcome: "stalled",
      ctx: ctx(),
      trace: trace({
        modules: [{ path: "golang.org/x/text", version: "v0.14.0", state: "stalled", bytes: 3_145_728, idleMs: 60000 }],
        stall: { atMs: 90000, idleMs: 60000, suspects: [{ kind: "zip-body", module: "golang.org/x/text", version: "v0.14.0", url: "https://proxy.golang.org/golang.org/x/text/@v/v0.14.0.zip", bytes: 3_145_728, idleMs: 60000 }] },
      }),
      probes: [goproxyProbe(endpoint("https://proxy.golang.org")), ONLINE],
    }),
    first: "GMD105",
    absent: ["GMD103", "GMD601", "GMD901"],
  },
  {
    name: "look-alike: slow but progressing is not a stall",
    evidence: evidence({
      outcome: "timeout",
      ctx: ctx(),
      trace: trace({
        modules: [{ path: "golang.org/x/text", version: "v0.14.0", state: "slow", bytes: 1_048_576, bytesPerSecond: 20_000, etaSeconds: 300, idleMs: 400 }],
      }),
    }),
    first: "GMD601",
    absent: ["GMD105", "GMD103"],
  },
  {
    name: "TLS intercepted by a corporate CA",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({}, { NODE_EXTRA_CA_CERTS: "/etc/corp/ca.pem" }),
      trace: trace({
        requests: [req(TEXT_MOD, { error: `Get "${TEXT_MOD}": tls: failed to verify certificate: x509: certificate signed by unknown authority` })],
        errors: [goError(`go: golang.org/x/text@v0.14.0: Get "${TEXT_MOD}": tls: failed to verify certificate: x509: certificate signed by unknown authority`, [], "golang.org/x/text")],
      }),
      probes: [
        goproxyProbe(endpoint("https://proxy.golang.org", { tls: { ok: false, ms: 20, issuer: "Corp Proxy Root CA", subject: "proxy.golang.org", trust: "untrusted", authorizationError: "SELF_SIGNED_CERT_IN_CHAIN", code: "SELF_SIGNED_CERT_IN_CHAIN" }, failedStep: "tls" })),
        sumdbProbe({ name: "sum.golang.org", privateLookups: [], endpoint: endpoint("https://sum.golang.org", { tls: { ok: false, ms: 20, issuer: "Corp Proxy Root CA", trust: "untrusted", code: "SELF_SIGNED_CERT_IN_CHAIN" }, failedStep: "tls" }), proxySupported: [{ proxy: "https://proxy.golang.org", code: "SELF_SIGNED_CERT_IN_CHAIN" }] }),
        ONLINE,
      ],
    }),
    first: "GMD106",
    absent: ["GMD202", "GMD110"],
  },
  {
    name: "look-alike: an expired certificate is not interception",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError(`go: golang.org/x/text@v0.14.0: Get "https://goproxy.corp.test/golang.org/x/text/@v/v0.14.0.mod": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2031-01-01T00:00:00Z is after 2030-01-01T00:00:00Z`)] }),
    }),
    first: "GMD110",
    absent: ["GMD106"],
  },
  {
    name: "HTTPS_PROXY is set but dead",
    evidence: evidence({
      outcome: "stalled",
      ctx: ctx({}, { HTTPS_PROXY: "http://proxy.corp.test:3128" }),
      probes: [
        httpProxyProbe({ variable: "HTTPS_PROXY", url: "http://proxy.corp.test:3128", noProxy: "", routes: [{ endpoint: "https://proxy.golang.org", proxied: true }, { endpoint: "https://sum.golang.org", proxied: true }], dns: { ok: true, ms: 1, host: "proxy.corp.test", addresses: ["10.0.0.5"] }, tcp: { ok: false, ms: 1, port: 3128, code: "ECONNREFUSED" } }, "fail"),
        goproxyProbe(endpoint("https://proxy.golang.org", { viaProxy: "http://proxy.corp.test:3128", tcp: { ok: false, ms: 1, port: 3128, code: "ECONNREFUSED" }, failedStep: "tcp" })),
        ONLINE,
      ],
      trace: trace({ stall: { atMs: 30000, idleMs: 30000, suspects: [{ kind: "silent", idleMs: 30000 }] } }),
    }),
    first: "GMD107",
    absent: ["GMD102", "GMD901"],
  },
  {
    name: "NO_PROXY misses the internal module proxy",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://goproxy.corp.test" }, { HTTPS_PROXY: "http://proxy.corp.test:3128", NO_PROXY: "localhost" }),
      probes: [
        httpProxyProbe({ variable: "HTTPS_PROXY", url: "http://proxy.corp.test:3128", noProxy: "localhost", routes: [{ endpoint: "https://goproxy.corp.test", proxied: true }], dns: { ok: true, ms: 1, host: "proxy.corp.test", addresses: ["10.0.0.5"] }, tcp: { ok: true, ms: 1, port: 3128 }, connect: { ok: false, ms: 3, status: 403, target: "goproxy.corp.test:443" } }, "fail"),
      ],
    }),
    first: "GMD108",
    absent: ["GMD107"],
  },
  {
    name: "look-alike: the HTTP proxy refuses a public host: the proxy is the problem",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({}, { HTTPS_PROXY: "http://proxy.corp.test:3128" }),
      probes: [
        httpProxyProbe({ variable: "HTTPS_PROXY", url: "http://proxy.corp.test:3128", noProxy: "", routes: [{ endpoint: "https://proxy.golang.org", proxied: true }], dns: { ok: true, ms: 1, host: "proxy.corp.test", addresses: ["10.0.0.5"] }, tcp: { ok: true, ms: 1, port: 3128 }, connect: { ok: false, ms: 3, status: 403, target: "proxy.golang.org:443" } }, "fail"),
      ],
    }),
    first: "GMD107",
    absent: ["GMD108"],
  },
];
