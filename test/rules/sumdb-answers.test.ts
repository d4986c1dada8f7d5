// What the checksum database really did, as the go command and the probe saw
// it (modelled on real runs against misbehaving databases on 127.0.0.1:
// /tmp/scenarios s40..s45): a server error, a rate limit and a web page are
// answers, not an unreachable database; the fixes name the database's real
// URL (scheme, host, port); none turns verification off.
import { describe, expect, it } from "vitest";
import { verifierKey } from "../../src/context/sumdb.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import type { EndpointFacts } from "../../src/probes/types.js";
import { ONLINE, ctx, endpoint, evidence, goError, goproxyProbe, req, sumdbProbe, trace } from "./evidence/base.js";
import { sumdb as sumdbScenarios } from "./evidence/scenarios-more.js";

const PX = "http://127.0.0.1:43943";
const DB = "http://127.0.0.1:33537";
const A = "example.com/a";
const B = "example.com/b";
const lookup = (m: string, v: string, base = DB) => `${base}/lookup/${m}@${v}`;
/** GOSUMDB naming a database by its key (its name is the address) and its URL, as s40 does. */
const KEYED = `${verifierKey("127.0.0.1:33537", new Uint8Array(32).fill(7))} ${DB}`;
/** GOSUMDB naming sum.golang.org with a URL of its own (a mirror of it), as s41, s43 and s45 do. */
const NAMED = `sum.golang.org ${DB}`;

const REQUIRE = [`${A}@v1.0.0`, `${B}@v1.2.0`];
const FORBIDDEN = /GOSUMDB=off|GONOSUMDB|GONOSUMCHECK|-insecure|GOINSECURE|GOFLAGS=/;

function dbEndpoint(over: Partial<EndpointFacts>): EndpointFacts {
  return endpoint(DB, { dns: { ok: true, ms: 0, host: "127.0.0.1", addresses: ["127.0.0.1"] }, tcp: { ok: true, ms: 2, address: "127.0.0.1", port: 33537 }, ...over });
}

function run(gosumdb: string, t: Parameters<typeof trace>[0], db?: EndpointFacts, outcome: "failed" | "stalled" = "failed", proxySupported?: { proxy: string; status?: number }[]): Finding[] {
  const name = gosumdb.startsWith("sum.golang.org") ? "sum.golang.org" : gosumdb.split("+")[0]!;
  return diagnoseEvidence(
    evidence({
      outcome,
      ctx: ctx({ GOPROXY: PX, GOSUMDB: gosumdb }, {}, REQUIRE),
      trace: trace(t),
      probes: [
        ONLINE,
        goproxyProbe(endpoint(PX)),
        sumdbProbe({ name, url: db ? DB : "https://sum.golang.org", privateLookups: [], ...(proxySupported ? { proxySupported } : {}), ...(db ? { endpoint: db } : {}) }),
      ],
    }),
  );
}

function commands(f: Finding | undefined): string {
  return (f?.fixes ?? []).flatMap((x) => [x.summary, ...x.commands]).join("\n");
}

function text(f: Finding | undefined): string {
  return f ? [f.title, f.why, ...f.evidence].join("\n") : "";
}

function noVerificationOff(fs: Finding[]): void {
  for (const f of fs) expect(commands(f), f.title).not.toMatch(FORBIDDEN);
}

describe("the checksum database answers with a server error (s40)", () => {
  const t = {
    // As the trace detector records a non-2xx end: the status and its text as the error.
    requests: [req(lookup(B, "v1.2.0"), { status: 500, error: "500 Internal Server Error" }), req(lookup(A, "v1.0.0"), { status: 500, error: "500 Internal Server Error" })],
    errors: [
      goError(
        `go: ${A}@v1.0.0: verifying go.mod: ${A}@v1.0.0/go.mod: reading ${lookup(A, "v1.0.0")}: 500 Internal Server Error`,
        ["\tserver response: internal error: backend unavailable"],
        A,
        "v1.0.0",
      ),
    ],
  };
  const probe500 = dbEndpoint({
    http: { ok: false, ms: 30, url: `${DB}/latest`, status: 500, bodySnippet: "internal error: backend unavailable\n", code: "HTTP_500", message: "500 internal error: backend unavailable" },
    failedStep: "http",
  });

  it("says it answers with a server error, quoting the status and the server's response, not that it cannot be reached", () => {
    const fs = run(KEYED, t, probe500);
    const f = fs[0]!;
    expect(f.code).toBe("GMD202");
    expect(f.title).toBe("The checksum database 127.0.0.1:33537 answers with a server error (500 Internal Server Error)");
    expect(f.why).toContain('"internal error: backend unavailable"');
    expect(text(f)).not.toMatch(/cannot be reached|does not proxy|connection fails/);
    expect(f.modules).toEqual([A, B]);
  });

  it("its fix asks the database's real URL and to retry later, and never turns verification off", () => {
    const fs = run(KEYED, t, probe500);
    const all = commands(fs[0]);
    expect(all).toContain(`curl -sS -m 10 ${DB}/latest`);
    expect(all).not.toContain("https://127.0.0.1");
    expect(all).toMatch(/Retry later/);
    noVerificationOff(fs);
  });

  it("from the trace alone (analyze of a log): the same reading", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace(t) }));
    expect(fs[0]?.title).toBe("The checksum database 127.0.0.1:33537 answers with a server error (500 Internal Server Error)");
    expect(commands(fs[0])).toContain(`curl -sS -m 10 ${DB}/latest`);
    noVerificationOff(fs);
  });

  it("from the probe alone: a 503 with its Retry-After", () => {
    const p503 = dbEndpoint({
      http: { ok: false, ms: 30, url: `${DB}/latest`, status: 503, retryAfter: "120", bodySnippet: "maintenance\n", code: "HTTP_503", message: "503 maintenance" },
      failedStep: "http",
    });
    const fs = run(NAMED, {}, p503, "stalled");
    const f = fs.find((x) => x.code === "GMD202")!;
    expect(f.title).toBe("The checksum database sum.golang.org at 127.0.0.1:33537 answers with a server error (503 Service Unavailable)");
    expect(f.why).toContain("Retry-After: 120");
    expect(f.why).toContain('"maintenance"');
    // sum.golang.org named with a URL of its own: dropping the URL keeps verification on.
    expect(commands(f)).toContain("go env -w GOSUMDB=sum.golang.org");
    noVerificationOff(fs);
  });
});

describe("the checksum database rate-limits the lookups (s45)", () => {
  const t = {
    requests: [req(lookup(A, "v1.0.0"), { status: 429 }), req(lookup(B, "v1.2.0"), { status: 429, error: "429 Too Many Requests" })],
    errors: [goError(`go: ${A}@v1.0.0: verifying go.mod: ${A}@v1.0.0/go.mod: reading ${lookup(A, "v1.0.0")}: 429 Too Many Requests`, ["\tserver response: rate limited"], A, "v1.0.0")],
  };
  const probe429 = dbEndpoint({
    http: { ok: false, ms: 48, url: `${DB}/latest`, status: 429, retryAfter: "60", bodySnippet: "rate limited\n", code: "HTTP_429", message: "429 rate limited" },
    failedStep: "http",
  });

  it("is a rate limit of the checksum database, quoting Retry-After, not an unexplained failure", () => {
    const fs = run(NAMED, t, probe429);
    expect(fs[0]?.code).toBe("GMD202");
    expect(fs.map((f) => f.code)).not.toContain("GMD902");
    expect(fs.map((f) => f.code)).not.toContain("GMD113");
    expect(fs[0]!.title).toBe("The checksum database sum.golang.org at 127.0.0.1:33537 rate-limits the lookups (429 Too Many Requests)");
    expect(fs[0]!.why).toContain("Retry-After: 60");
    expect(fs[0]!.fixes[0]!.summary).toContain("Retry-After: 60");
    expect(text(fs[0])).not.toMatch(/cannot be reached/);
    noVerificationOff(fs);
  });

  it("from the trace alone: still a rate limit (no Retry-After to quote)", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace(t) }));
    expect(fs[0]?.title).toBe("The checksum database 127.0.0.1:33537 rate-limits the lookups (429 Too Many Requests)");
    expect(fs[0]!.why).not.toContain("Retry-After");
    expect(fs[0]!.why).toContain('"rate limited"');
    expect(fs[0]!.modules).toEqual([A, B]);
  });

  it("look-alike: a proxy's 429 stays the proxy's (GMD113), not the database's", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: PX }, {}, REQUIRE),
        trace: trace({ requests: [req(`${PX}/${A}/@v/v1.0.0.mod`, { status: 429 })], errors: [goError(`go: ${A}@v1.0.0: reading ${PX}/${A}/@v/v1.0.0.mod: 429 Too Many Requests`, [], A, "v1.0.0")] }),
      }),
    );
    expect(fs[0]?.code).toBe("GMD113");
    expect(fs.map((f) => f.code)).not.toContain("GMD202");
  });
});

describe("a web page answers in place of the checksum database (s43)", () => {
  const page = dbEndpoint({
    http: {
      ok: false,
      ms: 28,
      url: `${DB}/latest`,
      status: 200,
      bodySnippet: "<!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head></html>\n",
      code: "NOT_PROXY_ANSWER",
      message: 'the /latest answer is an HTML page ("Sign in to continue"), as a login page, a captive portal or a proxy\'s error page sends: not a checksum database\'s answer',
    },
    failedStep: "http",
  });
  const t = {
    requests: [req(lookup(A, "v1.0.0"), { status: 200 }), req(lookup(B, "v1.2.0"), { status: 200 })],
    errors: [goError(`go: ${A}@v1.0.0: verifying go.mod: ${A}@v1.0.0/go.mod: malformed record data`, [], A, "v1.0.0")],
  };

  it("says something answers in its place with a web page, quoting its title", () => {
    const fs = run(NAMED, t, page);
    const f = fs[0]!;
    expect(f.code).toBe("GMD202");
    expect(f.title).toBe('A web page answers in place of the checksum database sum.golang.org at 127.0.0.1:33537 ("Sign in to continue")');
    expect(f.why).toMatch(/captive portal|login page/);
    expect(f.why).toContain("malformed record data");
    expect(text(f)).not.toMatch(/cannot be reached/);
    expect(commands(f)).toContain(`curl -sS -D - -m 10 ${DB}/latest`);
    noVerificationOff(fs);
  });

  it("from the trace alone: lookups answered 200 that go could not read", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace(t) }));
    expect(fs[0]?.code).toBe("GMD202");
    expect(fs[0]!.title).toBe("Something answers in place of the checksum database 127.0.0.1:33537, but not as a checksum database");
    expect(fs[0]!.evidence.join("\n")).toContain(`# get ${lookup(A, "v1.0.0")}: 200`);
  });

  it("look-alike: malformed record data with no lookup in the trace names no database", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: t.errors }) }));
    expect(fs.map((f) => f.code)).not.toContain("GMD202");
  });
});

describe("the checksum database cannot be reached: still unreachable, named with its port and real URL", () => {
  const hung = {
    requests: [req(lookup(A, "v1.0.0"), undefined), req(lookup(B, "v1.2.0"), undefined)],
    stall: {
      atMs: 3200,
      idleMs: 3200,
      suspects: [
        { kind: "http" as const, url: lookup(A, "v1.0.0"), module: A, idleMs: 3200 },
        { kind: "http" as const, url: lookup(B, "v1.2.0"), module: B, idleMs: 3200 },
      ],
    },
  };
  const timeout = dbEndpoint({ http: { ok: false, ms: 2418, url: `${DB}/latest`, code: "TIMEOUT", message: "The operation was aborted due to timeout" }, failedStep: "http" });

  it("s41: sum.golang.org at a URL that never answers", () => {
    const fs = run(NAMED, hung, timeout, "stalled");
    const f = fs[0]!;
    expect(f.code).toBe("GMD202");
    expect(f.title).toBe("The checksum database sum.golang.org at 127.0.0.1:33537 cannot be reached");
    // GOSUMDB names the URL: GOPROXY is never asked, so it is not blamed.
    expect(f.why).toContain(DB);
    expect(f.why).not.toContain("does not proxy it");
    expect(f.why).toContain("no answer");
    const all = commands(f);
    expect(all).toContain(`curl -sS -m 10 ${DB}/latest`);
    expect(all).toContain("go env -w GOSUMDB=sum.golang.org");
    expect(all).not.toContain("https://127.0.0.1");
    // One line per stalled lookup, not two.
    expect(f.evidence.filter((l) => l.includes(lookup(A, "v1.0.0")))).toHaveLength(1);
    noVerificationOff(fs);
  });

  it("a name that does not resolve", () => {
    const url = "https://sum.corp.test";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOSUMDB: `${verifierKey("sum.corp.test", new Uint8Array(32).fill(3))}` }, {}, REQUIRE),
        trace: trace({ requests: [req(`${url}/lookup/${A}@v1.0.0`, { error: `Get "${url}/lookup/${A}@v1.0.0": dial tcp: lookup sum.corp.test on 10.0.0.2:53: no such host` })] }),
        probes: [ONLINE],
      }),
    );
    const f = fs.find((x) => x.code === "GMD202")!;
    expect(f.title).toBe("The checksum database sum.corp.test cannot be reached");
    expect(commands(f)).toContain(`curl -sS -m 10 ${url}/latest`);
  });

  it("a refused connection (the probe and the trace)", () => {
    const refused = dbEndpoint({ tcp: { ok: false, ms: 1, port: 33537, code: "ECONNREFUSED" }, failedStep: "tcp" });
    delete refused.http;
    const t = {
      requests: [req(lookup(A, "v1.0.0"), { error: `Get "${lookup(A, "v1.0.0")}": dial tcp 127.0.0.1:33537: connect: connection refused` })],
      errors: [goError(`go: ${A}@v1.0.0: verifying go.mod: ${A}@v1.0.0/go.mod: Get "${lookup(A, "v1.0.0")}": dial tcp 127.0.0.1:33537: connect: connection refused`, [], A, "v1.0.0")],
    };
    const fs = run(KEYED, t, refused);
    expect(fs[0]?.title).toBe("The checksum database 127.0.0.1:33537 cannot be reached");
    expect(commands(fs[0])).toContain(`curl -sS -m 10 ${DB}/latest`);
    expect(fs.map((f) => f.title).join("\n")).not.toMatch(/server error|rate-limits|web page/);
  });

  it("the default database behind a firewall: the wording and fix as before (https, no port)", () => {
    const firewalled = sumdbScenarios.find((x) => x.name === "checksum database unreachable (firewall drops it, proxy does not proxy it)")!;
    const fs = diagnoseEvidence(firewalled.evidence);
    const f = fs[0]!;
    expect(f.title).toBe("The checksum database sum.golang.org cannot be reached");
    expect(f.why).toContain("the current GOPROXY does not proxy it");
    expect(commands(f)).toContain("curl -sS -m 10 https://sum.golang.org/latest");
    noVerificationOff(fs);
  });

  it("look-alike: a 404 from the probe's /latest is an answer, not unreachable", () => {
    const answered = dbEndpoint({ http: { ok: false, ms: 4, url: `${DB}/latest`, status: 404, code: "HTTP_404", message: "404 not found" }, failedStep: "http" });
    const fs = run(KEYED, {}, answered, "stalled");
    expect(fs.map((f) => f.code)).not.toContain("GMD202");
  });
});

describe("the checksum database through GOPROXY hangs (s44)", () => {
  const proxied = (m: string, v: string) => `${PX}/sumdb/sum.golang.org/lookup/${m}@${v}`;
  const t = {
    requests: [req(`${PX}/sumdb/sum.golang.org/supported`, { status: 200 }), req(proxied(A, "v1.0.0"), undefined), req(proxied(B, "v1.2.0"), undefined)],
    stall: {
      atMs: 3200,
      idleMs: 3200,
      suspects: [
        { kind: "http" as const, url: proxied(B, "v1.2.0"), module: B, idleMs: 3200 },
        { kind: "http" as const, url: proxied(A, "v1.0.0"), module: A, idleMs: 3200 },
      ],
    },
  };

  it("the proxy's silence comes first; the database's finding says the lookups go through the proxy", () => {
    const fs = run("sum.golang.org", t, undefined, "stalled", [{ proxy: PX, status: 200 }]);
    expect(fs[0]?.code).toBe("GMD103");
    const f = fs.find((x) => x.code === "GMD202")!;
    expect(f).toBeDefined();
    expect(f.title).toBe("The checksum database sum.golang.org does not answer through the proxy 127.0.0.1:43943");
    expect(f.why).not.toContain("does not proxy it");
    expect(f.why).toContain("/sumdb/sum.golang.org/supported");
    const all = commands(f);
    expect(all).toContain("go env -w GOSUMDB='sum.golang.org https://sum.golang.org'");
    expect(all).not.toContain("https://127.0.0.1");
    noVerificationOff(fs);
  });
});

describe("a 5xx through a proxy that serves the database (s42) keeps its reading", () => {
  it("names the proxy with its port", () => {
    const url = `${PX}/sumdb/sum.golang.org/lookup/${A}@v1.0.0`;
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: PX }, {}, REQUIRE),
        trace: trace({
          requests: [req(`${PX}/sumdb/sum.golang.org/supported`, { status: 200 }), req(url, { status: 502 })],
          errors: [goError(`go: ${A}@v1.0.0: verifying go.mod: ${A}@v1.0.0/go.mod: reading ${url}: 502 Bad Gateway`, ["\tserver response: Bad Gateway"], A, "v1.0.0")],
        }),
      }),
    );
    const f = fs.find((x) => x.code === "GMD202")!;
    expect(f.title).toBe("The checksum database sum.golang.org fails through the proxy 127.0.0.1:43943 (502)");
    expect(fs.map((x) => x.title).join("\n")).not.toMatch(/answers with a server error/);
    noVerificationOff(fs);
  });
});

describe("sum.golang.org unreachable: its other address", () => {
  const unreachable = () =>
    diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        trace: trace({
          errors: [goError(`verifying ${A}@v1.0.0: ${A}@v1.0.0: Get "https://sum.golang.org/lookup/${A}@v1.0.0": dial tcp 142.250.1.1:443: i/o timeout`, [], A, "v1.0.0")],
        }),
      }),
    ).find((f) => f.name === "sumdb-unreachable");

  it("offers GOSUMDB=sum.golang.google.cn, go's alias for the same database and key, and checks it answers first", () => {
    const commands = unreachable()?.fixes.flatMap((f) => f.commands) ?? [];
    expect(commands).toContain("curl -sS -m 10 https://sum.golang.google.cn/latest");
    expect(commands.some((c) => /GOSUMDB=sum\.golang\.google\.cn$/.test(c))).toBe(true);
    expect(commands.join("\n")).not.toMatch(FORBIDDEN);
  });

  it("not when the database that fails is another one (a GOSUMDB with its own URL)", () => {
    const f = diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        ctx: ctx({ GOSUMDB: NAMED }),
        trace: trace({ errors: [goError(`verifying ${A}@v1.0.0: ${A}@v1.0.0: Get "${lookup(A, "v1.0.0")}": dial tcp 127.0.0.1:33537: connect: connection refused`, [], A, "v1.0.0")] }),
      }),
    ).find((x) => x.name === "sumdb-unreachable");
    expect(f).toBeDefined();
    expect(f?.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/google\.cn/);
  });
});
