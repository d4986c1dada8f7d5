// GMD105 from the goproxy probe's own ranged read of a zip: a body that stops
// after some bytes (BODY_STALLED with bytes and silentMs) is named with what
// arrived and how long it has been silent, even when the trace names no zip
// (a pre-flight); a body that keeps coming is throughput, not a stall.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { HttpFacts } from "../../src/probes/types.js";
import { ctx, endpoint, evidence, goproxyProbe, trace } from "./evidence/base.js";

const P = "https://goproxy.corp.test";
const zipUrl = `${P}/example.com/b/@v/v1.2.0.zip`;

function preflightWith(zip: HttpFacts) {
  return evidence({ outcome: "probed", ctx: ctx({ GOPROXY: P }), probes: [goproxyProbe(endpoint(P, { zip, ...(zip.ok ? {} : { failedStep: "zip" }) }))] });
}

describe("the probe's zip read stops after some bytes", () => {
  const stopped: HttpFacts = {
    ok: false,
    ms: 1510,
    url: zipUrl,
    status: 200,
    bytes: 100,
    totalBytes: 1_048_576,
    silentMs: 1480,
    code: "BODY_STALLED",
    message: "200: the body stopped after 100 B of 1.0 MiB, then nothing for 1.5s of the 1.5s read window",
  };

  it("says the proxy's zip body stops after N bytes, with the silence, for the module the URL names", () => {
    const f = diagnoseEvidence(preflightWith(stopped)).find((x) => x.code === "GMD105");
    expect(f?.title).toBe("The proxy's zip body of example.com/b@v1.2.0 stops after 100 B");
    expect(f?.evidence).toContain(`probe goproxy:${P}: the proxy's zip body stops after 100 B of 1.0 MiB, then nothing for 1.5s (${zipUrl}, answered 200)`);
    expect(f?.fixes[0]?.commands).toEqual(["go mod download -x example.com/b@v1.2.0"]);
    expect(f?.why).toContain("goproxy.corp.test");
  });

  it("the server's reason phrase stays with the status it came with (a 2xx is quoted as the server gave it)", () => {
    const f = diagnoseEvidence(preflightWith({ ...stopped, status: 206, reason: "Partial Content" })).find((x) => x.code === "GMD105");
    expect(f?.evidence.join("\n")).toContain(`(${zipUrl}, answered 206 Partial Content)`);
  });

  it("a read with no body byte at all says so, not 'stops after 0 B'", () => {
    const f = diagnoseEvidence(preflightWith({ ...stopped, bytes: 0, silentMs: 1500 })).find((x) => x.code === "GMD105");
    expect(f?.title).toBe("The zip of example.com/b@v1.2.0 stopped mid-body");
    expect(f?.evidence.join("\n")).toContain(`${zipUrl} answered 200 and sent no body byte, then nothing for 1.5s`);
  });

  it("look-alike: a read that kept receiving (a rate, no silence) is no stalled body", () => {
    const flowing: HttpFacts = { ok: true, ms: 1500, url: zipUrl, status: 206, bytes: 30_000, bytesPerSecond: 20_000 };
    expect(diagnoseEvidence(preflightWith(flowing)).map((f) => f.code)).not.toContain("GMD105");
  });
});

describe("wording that fits the command", () => {
  const stopped: HttpFacts = { ok: false, ms: 1510, url: zipUrl, status: 200, bytes: 100, totalBytes: 1_048_576, silentMs: 1480, code: "BODY_STALLED" };

  it("a pre-flight has no run to end: its fix tries the download", () => {
    const f = diagnoseEvidence(preflightWith(stopped)).find((x) => x.code === "GMD105")!;
    expect(f.fixes[0]!.summary).not.toMatch(/End the run/);
    expect(f.fixes[0]!.summary).toMatch(/^Try the download/);
  });

  it("a stalled run is ended and retried", () => {
    const e = { ...preflightWith(stopped), outcome: "stalled" as const };
    expect(diagnoseEvidence(e).find((x) => x.code === "GMD105")!.fixes[0]!.summary).toMatch(/^End the run and retry/);
  });
});

describe("a stall the probe's own read reproduces (GMD105): a retry hangs the same way", () => {
  /** go's run stalled on the zip after 64 KiB; the probe then read the same zip on a new connection. */
  function stalledRunWith(zip: HttpFacts) {
    return evidence({
      outcome: "stalled",
      ctx: ctx({ GOPROXY: `${P},https://proxy.golang.org,direct` }),
      trace: trace({
        modules: [{ path: "example.com/b", version: "v1.2.0", state: "stalled", bytes: 65_536, idleMs: 30_000 }],
        stall: { atMs: 40_000, idleMs: 30_000, suspects: [{ kind: "zip-body", module: "example.com/b", version: "v1.2.0", url: zipUrl, bytes: 65_536, idleMs: 30_000 }] },
      }),
      probes: [goproxyProbe(endpoint(P, { zip, ...(zip.ok ? {} : { failedStep: "zip" }) }))],
    });
  }
  const stoppedAgain: HttpFacts = { ok: false, ms: 1510, url: zipUrl, status: 200, bytes: 65_536, totalBytes: 1_048_576, silentMs: 1480, code: "BODY_STALLED" };

  it("the probe's read stopped too: says so, no 'retry usually works'; fixes show it to the operators and skip the entry for this run", () => {
    const f = diagnoseEvidence(stalledRunWith(stoppedAgain)).find((x) => x.code === "GMD105")!;
    expect(f.why).toContain("gomod-doctor's own read of the same zip, on a new connection, stopped too (after 64 KiB of 1.0 MiB)");
    expect(f.why).toContain("a retry hangs the same way");
    expect(f.fixes.map((x) => x.summary).join("\n")).not.toMatch(/End the run and retry/);
    expect(f.fixes[0]!.summary).toMatch(/^Show goproxy\.corp\.test's operators that the zip stops after 64 KiB of 1\.0 MiB on every read/);
    expect(f.fixes[0]!.commands).toEqual([`curl -sS -m 30 -o /dev/null -w '%{http_code} %{size_download} bytes\\n' ${zipUrl}`]);
    expect(f.fixes[1]!.commands).toEqual(["GOPROXY=https://proxy.golang.org,direct go mod download"]);
  });

  it("look-alike: the probe read the zip through (a rate, no silence): the stall was that connection's, retry", () => {
    const flowing: HttpFacts = { ok: true, ms: 1500, url: zipUrl, status: 206, bytes: 1_048_576, bytesPerSecond: 2_000_000 };
    const f = diagnoseEvidence(stalledRunWith(flowing)).find((x) => x.code === "GMD105")!;
    expect(f.why).not.toContain("stopped too");
    expect(f.fixes[0]!.summary).toMatch(/^End the run and retry/);
  });

  it("look-alike: the probe's read of another module's zip stalled: not a reproduction of this one", () => {
    const other = { ...stoppedAgain, url: `${P}/example.com/c/@v/v1.0.0.zip` };
    const f = diagnoseEvidence(stalledRunWith(other)).find((x) => x.code === "GMD105")!;
    expect(f.why).not.toContain("stopped too");
  });

  it("look-alike: a probe read the server closed part-way (SOCKET_CLOSED) is a cut, not a stalled body: no GMD105 from the probe alone", () => {
    const cut: HttpFacts = { ok: false, ms: 60, url: zipUrl, status: 200, bytes: 100, totalBytes: 419, code: "SOCKET_CLOSED", message: "other side closed" };
    expect(diagnoseEvidence(preflightWith(cut)).map((x) => x.code)).not.toContain("GMD105");
  });
});
