// Rules for the proxy misdiagnoses of scenario round 6, each with the
// look-alike it must stay apart from: a proxy that hangs on one module while
// it serves the others (host and port), waits worded without made-up
// durations, a probe's zip read that got no 2xx, and a 500 only the probe got.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { answeredOthers, waited } from "../../src/rules/observe.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

const P = "http://127.0.0.1:8081";
const names = (fs: Finding[]) => fs.map((f) => f.name);
const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands).join("\n");

/** a's files served, b's zip asked and never answered: the run stalled on it. */
function stalledOnB(over: { probes?: ReturnType<typeof goproxyProbe>[]; logEnd?: boolean; timed?: boolean } = {}) {
  const zip = `${P}/example.com/b/@v/v1.2.0.zip`;
  return evidence({
    outcome: over.logEnd ? "analyzed" : "stalled",
    ctx: ctx({ GOPROXY: P }),
    probes: over.probes ?? [],
    trace: trace({
      timed: over.timed ?? true,
      requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 200 }), req(`${P}/example.com/a/@v/v1.0.0.zip`, { status: 200 }), req(zip, undefined)],
      modules: [
        { path: "example.com/a", version: "v1.0.0", bytes: 0, state: "done" },
        { path: "example.com/b", version: "v1.2.0", bytes: 0, state: "stalled", idleMs: 31_000 },
      ],
      stall: { atMs: 31_000, idleMs: over.logEnd ? 0 : 31_000, suspects: [{ kind: "http", url: zip, module: "example.com/b", version: "v1.2.0", idleMs: over.logEnd ? 0 : 31_000, ...(over.logEnd ? { logEnd: true } : {}) }] },
    }),
  });
}

describe("the answered-others helper", () => {
  const e = evidence({
    outcome: "failed",
    trace: trace({
      requests: [
        req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 200 }),
        req("http://127.0.0.1:9999/example.com/c/@v/v1.0.0.mod", { status: 200 }),
        req(`${P}/example.com/b/@v/v1.2.0.mod`, { status: 200 }),
        req(`${P}/sumdb/sum.golang.org/supported`, { status: 200 }),
      ],
    }),
  });

  it("counts modules the same host AND port answered, the module asked about aside", () => {
    expect(answeredOthers(e, `${P}/example.com/b/@v/v1.2.0.zip`, ["example.com/b"])).toEqual(["example.com/a"]);
  });

  it("look-alike: another port on the same host is another server", () => {
    expect(answeredOthers(e, "http://127.0.0.1:7777/example.com/b/@v/v1.2.0.zip", ["example.com/b"])).toEqual([]);
  });
});

describe("a proxy that hangs on one module while serving the others", () => {
  it("is named as hanging on that module's zip, not as unreachable", () => {
    const fs = diagnoseEvidence(stalledOnB());
    expect(fs[0]).toMatchObject({ code: "GMD103", title: "The module proxy 127.0.0.1:8081 hangs on the zip of example.com/b@v1.2.0", modules: ["example.com/b"] });
    expect(fs[0]!.why).toContain("(example.com/a), so it is reachable and serving");
    expect(commands(fs[0])).toContain("GOPROXY=direct go mod download example.com/b@v1.2.0");
  });

  it("look-alike: a probe that cannot even connect now says the path is down: not a hang on one module", () => {
    const down = goproxyProbe(endpoint(P, { tcp: { ok: false, ms: 3000, port: 8081, code: "TIMEOUT", message: "connect timed out" }, failedStep: "tcp" }));
    const fs = diagnoseEvidence(stalledOnB({ probes: [down] }));
    expect(fs[0]?.code).toBe("GMD103");
    expect(fs[0]!.title).not.toMatch(/hangs on/);
  });

  it("in a saved log it says the answer had not come when the log ends, with no made-up wait", () => {
    const e = stalledOnB({ logEnd: true, timed: false });
    const fs = diagnoseEvidence(e);
    expect(fs[0]!.why).toContain("had not come when the log ends");
    expect(fs[0]!.evidence.join("\n")).toContain("/example.com/b/@v/v1.2.0.zip: no answer before the log ends");
    expect(fs[0]!.evidence.join("\n")).not.toMatch(/after \d|0\.0s/);
  });
});

describe("waited(): how long go waited, in words", () => {
  const timed = evidence({ outcome: "analyzed", trace: trace({ timed: true }) });
  const plain = evidence({ outcome: "analyzed", trace: trace({ timed: false }) });
  it("a live run's wait is a duration; a saved log's end is not one", () => {
    expect(waited(timed, { idleMs: 31_000 })).toBe("after 31.0s");
    expect(waited(plain, { idleMs: 0, logEnd: true })).toBe("before the log ends");
    expect(waited(timed, { idleMs: 12_400, logEnd: true })).toBe("in the 12s before the log ends");
  });
});

describe("the probe's own read of the zip", () => {
  const zipUrl = `${P}/example.com/b/@v/v1.2.0.zip`;
  it("a read that got no headers is no stalled body (GMD105), and the proxy's silence is told with the probe's evidence", () => {
    const silent = goproxyProbe(endpoint(P, { zip: { ok: false, ms: 2000, url: zipUrl, code: "TIMEOUT", message: "The operation was aborted due to timeout" }, failedStep: "zip" }));
    const fs = diagnoseEvidence(stalledOnB({ probes: [silent] }));
    expect(names(fs)).not.toContain("zip-stalled");
    // Said as how far the probe got, not as undici's "The operation was aborted due to timeout".
    expect(fs[0]!.evidence[0]).toMatch(/^probe goproxy:http:\/\/127\.0\.0\.1:8081: TCP connected to [\d.]+:8081, then no HTTP answer to the zip request within 2\.0s$/);
  });

  it("a read answered 503 is the proxy's error with that status, not a stalled body", () => {
    const failing = goproxyProbe(endpoint(P, { zip: { ok: false, ms: 20, url: zipUrl, status: 503, code: "HTTP_STATUS", message: "503 Service Unavailable" }, failedStep: "zip" }));
    const fs = diagnoseEvidence(stalledOnB({ probes: [failing] }));
    expect(names(fs)).not.toContain("zip-stalled");
    expect(fs.find((f) => f.code === "GMD104")?.evidence.join("\n")).toContain("(HTTP 503)");
  });

  it("look-alike: a read that got 206 and then no bytes is a stalled body", () => {
    const stalled = goproxyProbe(endpoint(P, { zip: { ok: false, ms: 2000, url: zipUrl, status: 206, bytes: 0, code: "BODY_STALLED", message: "no body byte" }, failedStep: "zip" }));
    expect(names(diagnoseEvidence(stalledOnB({ probes: [stalled] })))).toContain("zip-stalled");
  });
});

describe("a 500 only the probe's request got", () => {
  const probe500 = goproxyProbe(endpoint(P, { http: { ok: false, ms: 20, url: `${P}/example.com/a/@v/list`, status: 500, code: "HTTP_STATUS", message: "500 Internal Server Error" }, failedStep: "http" }));

  it("is a warning when the run's own requests to that proxy all succeeded", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: P }),
      probes: [probe500],
      trace: trace({ requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 200 })], errors: [goError("go: example.com/a@v1.0.0: no space left on device", [], "example.com/a", "v1.0.0")] }),
    });
    const f = diagnoseEvidence(e).find((x) => x.code === "GMD104");
    expect(f?.severity).toBe("warning");
    expect(f?.why).toContain("Only the probe's own request got this");
  });

  it("is a warning too when the run's requests there include go's prefix-probing 404s", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: P }),
      probes: [probe500],
      trace: trace({
        requests: [req(`${P}/example.com/a/sub/@v/list`, { status: 404 }), req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 200 })],
        errors: [goError("go: example.com/a@v1.0.0: no space left on device", [], "example.com/a", "v1.0.0")],
      }),
    });
    expect(diagnoseEvidence(e).find((x) => x.code === "GMD104")?.severity).toBe("warning");
  });

  it("look-alike: a run gone silent right after its last request to that proxy (go reading a body that never ends) keeps it a blocker", () => {
    const e = evidence({
      outcome: "stalled",
      ctx: ctx({ GOPROXY: P }),
      probes: [probe500],
      trace: trace({ requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 200 })], stall: { atMs: 1200, idleMs: 1100, suspects: [{ kind: "silent", idleMs: 1100 }] } }),
    });
    expect(diagnoseEvidence(e).find((x) => x.code === "GMD104")?.severity).toBe("blocker");
  });

  it("look-alike: the same 500 in the run's own request is a blocker", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: P }),
      probes: [probe500],
      trace: trace({ requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 500 })] }),
    });
    expect(diagnoseEvidence(e).find((x) => x.code === "GMD104")?.severity).toBe("blocker");
  });
});
