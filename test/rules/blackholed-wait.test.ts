// A proxy that does not answer: the title says how long the go command (or
// the probe) waited, so a slow proxy is not called dead without the figure.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

const URL0 = "http://127.0.0.1:4100/example.com/a/@v/v1.0.0.mod";

describe("proxy-blackholed titles carry the wait", () => {
  it("from the stalled request alone", () => {
    const stall = { atMs: 9_000, idleMs: 7_200, suspects: [{ kind: "http" as const, url: URL0, module: "example.com/a", version: "v1.0.0", idleMs: 7_200 }] };
    const fs = diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx({ GOPROXY: "http://127.0.0.1:4100" }), trace: trace({ stall }) }));
    const f = fs.find((x) => x.name === "proxy-blackholed");
    expect(f?.title).toBe("The module proxy 127.0.0.1:4100 does not answer (nothing for 7s)");
  });

  it("from the probe's timed-out step", () => {
    const silent = endpoint("http://127.0.0.1:4100", { http: { ok: false, ms: 5_000, url: "http://127.0.0.1:4100/example.com/a/@v/list", code: "TIMEOUT" }, failedStep: "http" });
    const fs = diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx({ GOPROXY: "http://127.0.0.1:4100" }), trace: trace(), probes: [goproxyProbe(silent)] }));
    const f = fs.find((x) => x.name === "proxy-blackholed");
    expect(f?.title).toBe("The module proxy 127.0.0.1:4100 does not answer (nothing for 5s)");
  });
});

describe("a public proxy that gets no answer is blocked on the way", () => {
  const silent = (proxy: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        ctx: ctx({ GOPROXY: `${proxy},direct` }),
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${proxy}/example.com/a/@v/v1.0.0.zip": dial tcp 142.250.1.1:443: i/o timeout`, [], "example.com/a", "v1.0.0")] }),
      }),
    ).find((x) => x.name === "proxy-blackholed");

  it("proxy.golang.org timing out gets the way around the block: the network's HTTP proxy, or a mirror measured from here", () => {
    const f = silent("https://proxy.golang.org");
    const commands = f?.fixes.flatMap((x) => x.commands) ?? [];
    expect(commands).toContain("export HTTPS_PROXY=http://<PROXY_HOST>:<PORT>");
    expect(commands).toContain("gomod-doctor probe");
    expect(commands.some((c) => /GOPROXY=https:\/\/goproxy\.io,direct/.test(c))).toBe(true);
  });

  it("a company proxy timing out is not told to switch to a public mirror", () => {
    const f = silent("https://goproxy.corp.test");
    expect(f).toBeDefined();
    // `gomod-doctor probe` is there to test the entry itself (no probe ran), not to measure public mirrors.
    expect(f?.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/HTTPS_PROXY|goproxy\.io|proxy\.golang\.org|gomod-doctor probe --mirrors/);
  });
});

describe("why and fixes follow where the probe saw the silence", () => {
  const P = "https://goproxy.corp.test";
  const MOD = `${P}/example.com/a/@v/v1.0.0.mod`;
  const stall = { atMs: 40_000, idleMs: 38_000, suspects: [{ kind: "http" as const, url: MOD, module: "example.com/a", version: "v1.0.0", idleMs: 38_000 }] };
  const judge = (probe: ReturnType<typeof endpoint>, waiting = true) =>
    diagnoseEvidence(
      evidence({
        outcome: "stalled",
        ctx: ctx({ GOPROXY: P }),
        trace: waiting ? trace({ stall, requests: [req(MOD, undefined)], outstanding: [req(MOD, undefined)] }) : trace(),
        probes: [goproxyProbe(probe)],
      }),
    ).find((x) => x.code === "GMD103")!;
  const connected = endpoint(P, { http: { ok: false, ms: 5_000, url: `${P}/example.com/a/@v/list`, code: "TIMEOUT" }, failedStep: "http" });
  const dropped = endpoint(P, { tcp: { ok: false, ms: 5_000, port: 443, code: "TIMEOUT" }, tls: undefined, http: undefined, failedStep: "tcp" });

  it("TCP and TLS connected, then no headers: the proxy (or what fronts it) holds the request, not a firewall", () => {
    for (const waiting of [true, false]) {
      const f = judge(connected, waiting);
      expect(f.why).toMatch(/^TCP connections to goproxy\.corp\.test open and the TLS handshake completes \(gomod-doctor's probe connected in 20 ms and waited 5 s for an answer\), but the response headers never come/);
      expect(f.why).not.toMatch(/firewall drops|i\/o timeout/);
      expect(f.fixes[0]!.summary).toMatch(/^goproxy\.corp\.test accepts connections but sends no answer/);
      expect(f.fixes[0]!.commands).toContain("curl -v -m 10 -o /dev/null https://goproxy.corp.test");
    }
  });

  it("the probe's TCP connection timed out: packets dropped on the way, with a firewall check", () => {
    const f = judge(dropped);
    expect(f.why).toMatch(/^TCP connections to goproxy\.corp\.test get no answer at all \(gomod-doctor's probe got no answer to its connection in 5 s\): the packets are dropped/);
    expect(f.why).toMatch(/waits on it without a deadline\.$/);
    expect(f.fixes[0]!.summary).toMatch(/time out before they open: check whether a firewall or security group drops traffic/);
  });

  it("no probe, go's dial timed out on an address: a connect timeout", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: P }),
      trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${MOD}": dial tcp 10.1.2.3:443: i/o timeout`, [], "example.com/a", "v1.0.0")] }),
    });
    const f = diagnoseEvidence(e).find((x) => x.code === "GMD103")!;
    expect(f.why).toMatch(/^go's connections to goproxy\.corp\.test timed out before they opened \(go's error says its dial timed out\)/);
  });

  it("no probe, go timed out awaiting headers (a client timeout): connected, not dropped", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: P }),
      trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${MOD}": net/http: timeout awaiting response headers`, [], "example.com/a", "v1.0.0")] }),
    });
    const f = diagnoseEvidence(e).find((x) => x.code === "GMD103")!;
    expect(f.why).toMatch(/^TCP connections to goproxy\.corp\.test open \(go's error says it waited for the response headers\)/);
  });
});

describe("a hung entry with more of GOPROXY after it", () => {
  const stallOn = (goproxy: string) => {
    const url = "http://127.0.0.1:4100/example.com/a/@v/v1.0.0.mod";
    const stall = { atMs: 9_000, idleMs: 7_200, suspects: [{ kind: "http" as const, url, module: "example.com/a", version: "v1.0.0", idleMs: 7_200 }] };
    return diagnoseEvidence(evidence({ outcome: "stalled", ctx: ctx({ GOPROXY: goproxy }), trace: trace({ stall }) })).find((x) => x.name === "proxy-blackholed");
  };

  it("offers the rest of the user's GOPROXY for this run, separators kept ('|' does not get past a request that never ends)", () => {
    const f = stallOn("http://127.0.0.1:4100|https://goproxy.corp.test,direct");
    const skip = f?.fixes.find((x) => x.commands.some((c) => c.startsWith("GOPROXY=")));
    expect(skip?.commands).toEqual(["GOPROXY=https://goproxy.corp.test,direct go mod download"]);
    expect(skip?.caution).toBeUndefined();
    const piped = stallOn("https://goproxy.corp.test|http://127.0.0.1:4100|https://proxy.golang.org|direct");
    expect(piped?.fixes.flatMap((x) => x.commands)).toContain("GOPROXY='https://goproxy.corp.test|https://proxy.golang.org|direct' go mod download");
  });

  it("only direct left: said with what direct needs; nothing left, or only off: no such fix", () => {
    expect(stallOn("http://127.0.0.1:4100,direct")?.fixes.find((x) => x.commands.includes("GOPROXY=direct go mod download"))?.caution).toMatch(/credentials for private ones/);
    expect(stallOn("http://127.0.0.1:4100")?.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/^GOPROXY=/m);
    expect(stallOn("http://127.0.0.1:4100|off")?.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/^GOPROXY=/m);
  });
});

describe("a proxy that does not answer, from a pasted log alone (no probe): what the log shows, and the checks, not a firewall verdict", () => {
  const PROXY = "https://goproxy.corp.test";
  const pasted = (cause: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        ctx: ctx({ GOPROXY: `${PROXY},direct` }),
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${PROXY}/example.com/a/@v/v1.0.0.mod": ${cause}`, [], "example.com/a", "v1.0.0")] }),
      }),
    ).find((x) => x.name === "proxy-blackholed")!;

  it("a dial timeout and a read timeout: the timeout is said, the causes are possibilities; the fix is curl -v and gomod-doctor probe", () => {
    for (const cause of ["dial tcp 10.1.2.3:443: i/o timeout", "read tcp 10.0.0.2:5555->10.1.2.3:443: i/o timeout"]) {
      const f = pasted(cause);
      expect(f.why, cause).toMatch(/timed out/);
      expect(f.why, cause).toContain("go's output does not show");
      expect(f.why, cause).not.toMatch(/: a firewall drops the packets|: the packets are dropped on the way/);
      expect(f.fixes[0]!.summary, cause).not.toMatch(/^Check whether a firewall|check whether a firewall/);
      expect(f.fixes[0]!.commands, cause).toEqual([`curl -v -m 10 -o /dev/null ${PROXY}/example.com/a/@v/v1.0.0.mod`, "gomod-doctor probe"]);
    }
  });

  it("a request still waiting when the log ends (the stall path) gets the same checks", () => {
    const stall = { atMs: 9_000, idleMs: 7_200, suspects: [{ kind: "http" as const, url: `${PROXY}/example.com/a/@v/v1.0.0.mod`, module: "example.com/a", version: "v1.0.0", idleMs: 7_200, logEnd: true }] };
    const f = diagnoseEvidence(evidence({ outcome: "analyzed", ctx: ctx({ GOPROXY: PROXY }), trace: trace({ stall }) })).find((x) => x.name === "proxy-blackholed")!;
    expect(f.fixes[0]!.commands).toContain("gomod-doctor probe");
  });

  it("look-alike: with the probe's own timed-out connection, the reading stays the probe's (packets dropped)", () => {
    const silent = endpoint(PROXY, { tcp: { ok: false, ms: 5_000, port: 443, code: "TIMEOUT" }, failedStep: "tcp" });
    const f = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${PROXY},direct` }),
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${PROXY}/example.com/a/@v/v1.0.0.mod": dial tcp 10.1.2.3:443: i/o timeout`, [], "example.com/a", "v1.0.0")] }),
        probes: [goproxyProbe(silent)],
      }),
    ).find((x) => x.name === "proxy-blackholed")!;
    expect(f.why).toContain("the packets are dropped on the way");
    expect(f.fixes.flatMap((x) => x.commands)).not.toContain("gomod-doctor probe");
  });
});
