// GMD105 from the goproxy probe's own ranged read of a zip: a body that stops
// after some bytes (BODY_STALLED with bytes and silentMs) is named with what
// arrived and how long it has been silent, even when the trace names no zip
// (a pre-flight); a body that keeps coming is throughput, not a stall.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { HttpFacts } from "../../src/probes/types.js";
import { ctx, endpoint, evidence, goproxyProbe } from "./evidence/base.js";

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
