// What one GOPROXY entry did: a later entry the run never reached (the first
// hung) is said, but not as what stopped the run; an entry that sent another
// file than asked (another version or module, a false gzip, an insecure
// redirect) is one GMD112 that says which.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goproxyProbe, req, trace } from "./evidence/base.js";

const SLOW = "http://127.0.0.1:4000";
const DOWN = "http://127.0.0.1:1";

describe("a later GOPROXY entry the run never reached", () => {
  it("the hung first entry leads; the refused second is a warning that says go did not reach it", () => {
    const url = `${SLOW}/example.com/a/@v/v1.0.0.mod`;
    const e = evidence({
      outcome: "stalled",
      ctx: ctx({ GOPROXY: `${SLOW},${DOWN}` }),
      trace: trace({
        requests: [req(url, undefined)],
        outstanding: [req(url, undefined)],
        stall: { atMs: 3000, idleMs: 3000, suspects: [{ kind: "http", url, idleMs: 3000 }] },
      }),
      probes: [
        goproxyProbe(endpoint(SLOW, { http: { ok: false, ms: 3000, url: SLOW, code: "TIMEOUT" }, failedStep: "http" })),
        goproxyProbe(endpoint(DOWN, { tcp: { ok: false, ms: 1, port: 1, code: "ECONNREFUSED" }, failedStep: "tcp" })),
      ],
    });
    const fs = diagnoseEvidence(e);
    expect(fs[0]!.code).toBe("GMD103");
    const refused = fs.find((f) => f.code === "GMD102")!;
    expect(refused.severity).toBe("warning");
    expect(refused.why).toMatch(/go's requests did not reach 127\.0\.0\.1:1 in this run/);
  });

  it("look-alike: an entry go's requests did reach and were refused by stays a blocker", () => {
    const url = `${DOWN}/example.com/a/@v/v1.0.0.mod`;
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: DOWN }),
      trace: trace({ requests: [req(url, { error: `Get "${url}": dial tcp 127.0.0.1:1: connect: connection refused` })] }),
      probes: [goproxyProbe(endpoint(DOWN, { tcp: { ok: false, ms: 1, port: 1, code: "ECONNREFUSED" }, failedStep: "tcp" }))],
    });
    expect(diagnoseEvidence(e)[0]).toMatchObject({ code: "GMD102", severity: "blocker" });
  });
});

describe("a proxy that sends something other than the file asked for (GMD112)", () => {
  const BASE = "http://127.0.0.1:4000";
  const judge = (ext: string, message: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: BASE }),
        trace: trace({
          requests: [req(`${BASE}/example.com/a/@v/v1.0.0.${ext}`, { status: 200 })],
          errors: [{ message: `go: example.com/a@v1.0.0: ${message}`, details: [], module: "example.com/a", version: "v1.0.0" }],
        }),
      }),
    );

  it.each([
    ["zip", "zip for example.com/a@v1.0.0 has unexpected file example.com/other@v1.0.0/go.mod", "the .zip it sent holds another module's files", /its cache is corrupt/],
    ["mod", `read "${BASE}/example.com/a/@v/v1.0.0.mod": gzip: invalid header`, "the .mod it sent is marked gzip but is not", /Content-Encoding: gzip/],
    ["zip", `read "${BASE}/example.com/a/@v/v1.0.0.zip": flate: corrupt input before offset 13`, "the .zip it sent is marked gzip but is not", /Content-Encoding: gzip/],
    ["info", "proxy returned info for version v1.0.1 instead of requested version", "the .info it sent is for another version", /its cache is corrupt/],
    ["zip", `Get "http://127.0.0.1:5000/a.zip": redirected from secure URL ${BASE}/example.com/a/@v/v1.0.0.zip to insecure URL http://127.0.0.1:5000/a.zip`, "it redirects the .zip to an insecure http:// URL", /never follows a redirect from https to http/],
  ])("%s: %s", (ext, message, what, why) => {
    const fs = judge(ext, message);
    expect(fs[0]!.code).toBe("GMD112");
    expect(fs[0]!.title).toBe(`The module proxy 127.0.0.1:4000 sent something else for example.com/a@v1.0.0: ${what}`);
    expect(fs[0]!.why).toMatch(why);
    expect(fs.filter((f) => f.code === "GMD112")).toHaveLength(1);
  });
});

describe("a body labelled Content-Encoding: gzip that is not gzip (GMD112): what a user can do about it", () => {
  const BASE = "http://127.0.0.1:4000";
  const MOD = `${BASE}/example.com/a/@v/v1.0.0.mod`;
  const judge = (goproxy: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: goproxy }),
        trace: trace({
          requests: [req(MOD, { status: 200 })],
          errors: [{ message: `go: example.com/a@v1.0.0: read "${MOD}": gzip: invalid header`, details: [], module: "example.com/a", version: "v1.0.0" }],
        }),
      }),
    ).find((f) => f.code === "GMD112")!;

  it("the headers as go asks, who must stop labelling, the next GOPROXY entry for this run, the module from its repository", () => {
    const f = judge(`${BASE},https://goproxy.corp2.test,direct`);
    const summaries = f.fixes.map((x) => x.summary);
    expect(f.fixes[0]!.commands).toEqual([`curl -sS -D - -H 'Accept-Encoding: gzip' ${MOD} | head -c 600`]);
    expect(summaries[1]).toMatch(/Content-Encoding: gzip only on a body it compressed/);
    expect(f.fixes.flatMap((x) => x.commands)).toContain("GOPROXY=https://goproxy.corp2.test,direct go mod download");
    const direct = f.fixes.find((x) => x.commands.includes("GOPROXY=direct go mod download example.com/a@v1.0.0"))!;
    expect(direct.caution).toMatch(/own repository \(git\)/);
  });

  it("a proxy alone in GOPROXY has no next entry to suggest; one followed by direct gets no second direct fix", () => {
    const alone = judge(BASE).fixes.flatMap((x) => x.commands);
    expect(alone.filter((c) => /^GOPROXY=/.test(c))).toEqual(["GOPROXY=direct go mod download example.com/a@v1.0.0"]);
    expect(alone).toContain("GOPROXY=direct go mod download example.com/a@v1.0.0");
    const thenDirect = judge(`${BASE},direct`).fixes.flatMap((x) => x.commands);
    expect(thenDirect).toContain("GOPROXY=direct go mod download");
    expect(thenDirect).not.toContain("GOPROXY=direct go mod download example.com/a@v1.0.0");
  });
});

describe("a 404 worded 'unrecognized import path' from a proxy that served the module's other files", () => {
  it("is a missing version (the proxy can read the repository), not a private module", () => {
    const BASE = "http://127.0.0.1:4000";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: BASE }, {}, ["corp.example.com/lib@v1.9.9"]),
        trace: trace({
          requests: [req(`${BASE}/corp.example.com/lib/@v/list`, { status: 200 }), req(`${BASE}/corp.example.com/lib/@v/v1.9.9.info`, { status: 404 })],
          errors: [
            {
              message: `go: corp.example.com/lib@v1.9.9: reading ${BASE}/corp.example.com/lib/@v/v1.9.9.info: 404 Not Found`,
              details: ["server response: not found: corp.example.com/lib@v1.9.9: unrecognized import path"],
              module: "corp.example.com/lib",
              version: "v1.9.9",
            },
          ],
        }),
      }),
    );
    expect(fs.map((f) => f.code)).not.toContain("GMD301");
    expect(fs[0]!.name).toBe("module-not-found");
  });
});
