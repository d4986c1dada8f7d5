// More proxies misbehaving in ways found by running the real go command
// against them: two failures at once (a stalled zip and a 403 go has not
// printed yet), a redirect to an https:// address that speaks http, a proxy
// whose checksum-database relay is silent, answers cut or closed before a
// byte, a 503 with Retry-After, a zip too slow for any --timeout and a stale
// @v/list. The real go1.23 through `diagnose --json`.
import { verifierKey } from "../../src/context/sumdb.js";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, diagnoseAgainst, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

describe("two causes at once", () => {
  it("a's zip stalls while b's zip got 403: the stall first, and the 403 that go has not printed yet as well", async () => {
    const { px, run, report, top, names } = await diagnoseAgainst([
      { module: "example.com/a", kind: "zip", mode: { type: "stall-body", afterBytes: 50 } },
      { module: "example.com/b", kind: "zip", mode: { type: "status", status: 403, body: "Forbidden: blocked by curation policy 'no-copyleft'" } },
    ]);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("zip-stalled");
    const refused = report.findings.find((f) => f.title === `The module proxy 127.0.0.1:${px.port} forbids example.com/b@v1.2.0 (403 Forbidden)`);
    expect(refused, names).toBeDefined();
    expect(refused?.severity).toBe("blocker");
    expect(refused?.why).toMatch(/has not reported it yet/);
    expect(refused?.evidence.join("\n")).toContain("/example.com/b/@v/v1.2.0.zip: 403");
  }, 40_000);
});

describe("a redirect to the wrong scheme", () => {
  it("zips 302 to https:// on a port that speaks plain http: the redirect target's scheme, not GOPROXY's", async () => {
    const cdn = await proxy();
    const { px, run, top, names } = await diagnoseAgainst([{ kind: "zip", mode: { type: "redirect", origin: `https://127.0.0.1:${cdn.port}` } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} redirects downloads to 127.0.0.1:${cdn.port}, which speaks plain http at that https:// address`);
    expect(top?.why).toMatch(/storage or CDN base URL configured in the proxy has the wrong scheme/);
    expect(top?.why).not.toMatch(/scheme in GOPROXY/);
    // Asked over http://, the redirect's target answers.
    expect(top?.fixes.flatMap((f) => f.commands).join("\n")).toContain(`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${cdn.port}/example.com/`);
  }, 40_000);
});

describe("the checksum database through a proxy that serves the modules", () => {
  it("its /sumdb/ lookups never answer: sumdb-unreachable first, no finding that the whole proxy is silent", async () => {
    // A database named only by its key: the go command asks the proxies for it (/sumdb/NAME/supported), and this one says yes.
    const gosumdb = verifierKey("sumdb.invalid", new Uint8Array(32).fill(7));
    const { px, run, top, names } = await diagnoseAgainst(
      [
        { pathPrefix: "/sumdb/sumdb.invalid/supported", mode: { type: "ok" } },
        { pathPrefix: "/sumdb/", mode: { type: "stall-headers" } },
      ],
      { extra: { GOSUMDB: gosumdb } },
    );
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("sumdb-unreachable");
    expect(top?.title).toBe(`The checksum database sumdb.invalid does not answer through the proxy 127.0.0.1:${px.port}`);
    expect(top?.why).toMatch(/answered this run's module requests, so the proxy is up/);
    expect(names).not.toContain("proxy-blackholed");
  }, 40_000);
});

describe("answers cut, closed or refused for a while", () => {
  it("an .info that breaks off mid-JSON: the proxy's own broken answer, not a captive portal", async () => {
    const { px, run, report, top, names } = await diagnoseAgainst([
      { module: "example.com/a", kind: "info", mode: { type: "body", body: '{"Version":"v1.0.0","Ti', contentType: "application/json" } },
    ]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-bad-response");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} sent a broken answer for example.com/a@v1.0.0: the .info it sent is JSON that breaks off`);
    for (const f of report.findings.filter((x) => x.code === top?.code)) expect(f.why).not.toMatch(/captive portal|not a module proxy/);
  }, 40_000);

  it("a zip request whose connection closes before any answer (go: EOF): closed without answering, not cut mid-transfer", async () => {
    const { px, run, top, names } = await diagnoseAgainst([{ module: "example.com/a", kind: "zip", mode: { type: "close" } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-reset");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} closes connections without answering`);
    expect(top?.why).not.toMatch(/mid-transfer|started answering/);
  }, 40_000);

  it("a 503 with Retry-After: the wait the proxy asks for is quoted", async () => {
    const { run, top, names } = await diagnoseAgainst([{ mode: { type: "status", status: 503, body: "maintenance", headers: { "Retry-After": "120" } } }]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.why).toContain("Retry-After: 120");
    expect(top?.fixes[0]?.summary).toContain("Retry-After: 120");
  }, 40_000);

  it("a zip at 10 B/s ended by --timeout: no longer --timeout is offered, the rate says none would do", async () => {
    const { run, report, names } = await diagnoseAgainst([{ module: "example.com/b", kind: "zip", mode: { type: "dribble", bytesPerSec: 1 } }], {
      timing: { stallTimeout: 4, probeTimeout: 2, extraArgs: ["--timeout", "6"] },
    });
    expect(run.code).toBe(3);
    const slow = finding(report, "slow-download");
    expect(slow, names).toBeDefined();
    const fixes = slow!.fixes.flatMap((f) => [f.summary, ...f.commands]).join("\n");
    expect(fixes).toMatch(/No --timeout is long enough: at \d+ B\/s an hour brings/);
    expect(fixes).not.toMatch(/diagnose --timeout/);
  }, 40_000);
});

describe("a stale version list", () => {
  it("go get M@latest: @v/list names v1.1.0, whose .info is 404: the proxy's stale index, pin the version it has", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", kind: "list", mode: { type: "body", body: "v1.0.0\nv1.1.0\n", contentType: "text/plain" } }] });
    const { dir, env } = await setup({ gomod: "module example.com/scen\n\ngo 1.19\n" }, px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env, ["go", "get", "example.com/a@latest"]);
    expect(run.code).toBe(1);
    // Not a typo in go.mod: the module and its go.mod are fine.
    expect(finding(report, "module-not-found"), names).toBeUndefined();
    expect(top?.title, names).toBe(`The module proxy 127.0.0.1:${px.port} lists example.com/a@v1.1.0 but does not have it (404): a stale version index`);
    expect(top?.fixes[0]?.commands).toEqual(["go get example.com/a@v1.0.0"]);
    expect(top?.fixes[1]?.summary).toMatch(/re-index/);
  }, 40_000);
});
