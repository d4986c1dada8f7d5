// Misbehaving proxies judged from evidence: a 429 (GMD113), a 200 that is not
// the file asked for (GMD112), a redirect to a dead download host, and a
// server error in a ',' list (the '|' list as the way round).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

const P = "http://127.0.0.1:8081";
const B = "http://127.0.0.1:8082";

describe("429 Too Many Requests: proxy-rate-limited", () => {
  const limited = (goproxy: string, probes = [] as ReturnType<typeof goproxyProbe>[]) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: goproxy }, {}, ["example.com/a@v1.0.0"]),
        probes,
        trace: trace({
          requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 429 })],
          errors: [goError(`go: example.com/a@v1.0.0: reading ${P}/example.com/a/@v/v1.0.0.mod: 429 Too Many Requests`, ["\tserver response: Too Many Requests"], "example.com/a", "v1.0.0")],
        }),
      }),
    );

  it("ranks first as a blocker naming the endpoint and the module; quotes the probe's Retry-After", () => {
    const probe = goproxyProbe(endpoint(P, { failedStep: "http", http: { ok: false, ms: 3, url: P, status: 429, code: "HTTP_429", retryAfter: "120" } }), "fail");
    const f = limited(P, [probe])[0]!;
    expect(f).toMatchObject({ code: "GMD113", name: "proxy-rate-limited", severity: "blocker", modules: ["example.com/a"] });
    expect(f.title).toContain("127.0.0.1:8081");
    expect(f.why).toContain("Retry-After: 120");
    expect(f.fixes[0]!.summary).toContain("Retry-After: 120");
  });

  it("in a ',' list names the next entry and offers the '|' list", () => {
    const f = limited(`${P},${B},direct`)[0]!;
    expect(f.code).toBe("GMD113");
    expect(f.why).toContain(`(${B})`);
    expect(f.fixes.flatMap((x) => x.commands)).toContain(`GOPROXY='${P}|${B}|direct' go mod download`);
  });

  it("with '|' after it, go goes on: a warning, and no '|' fix", () => {
    const f = limited(`${P}|${B}`).find((x) => x.code === "GMD113")!;
    expect(f.severity).toBe("warning");
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toContain("go mod download\n");
    expect(f.fixes.some((x) => x.summary.includes("fall through"))).toBe(false);
  });

  it("never prints credentials of a GOPROXY entry in the '|' list", () => {
    const f = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `http://bob:s3cret@127.0.0.1:8081,${B}` }),
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: reading http://127.0.0.1:8081/example.com/a/@v/v1.0.0.mod: 429 Too Many Requests`, [], "example.com/a", "v1.0.0")] }),
      }),
    ).find((x) => x.code === "GMD113")!;
    expect(JSON.stringify(f)).not.toContain("s3cret");
  });
});

describe("a 200 that is not the file: proxy-bad-response", () => {
  const zipFailure = (requests: ReturnType<typeof req>[]) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ requests, errors: [goError("go: example.com/a@v1.0.0: zip: not a valid zip file", [], "example.com/a", "v1.0.0")] }),
      }),
    );

  it("a zip go fetched from the proxy that is not a zip: names the proxy, the module, and a curl of the zip", () => {
    const f = zipFailure([req(`${P}/example.com/a/@v/v1.0.0.zip`, { status: 200 })])[0]!;
    expect(f).toMatchObject({ code: "GMD112", severity: "blocker", modules: ["example.com/a"] });
    expect(f.title).toBe("The module proxy 127.0.0.1:8081 sent something else for example.com/a@v1.0.0: the .zip it sent is not a zip file");
    expect(f.fixes[0]!.commands[0]).toContain(`${P}/example.com/a/@v/v1.0.0.zip`);
  });

  it("in a -x trace without its request (the zip came from the module cache), the cached copy is the cause, not the proxy", () => {
    expect(zipFailure([req(`${P}/example.com/b/@v/v1.0.0.zip`, { status: 200 })])[0]!.code).toBe("GMD406");
  });

  it("in a log without any request (no -x), a suspicion naming both the proxy and the cached copy", () => {
    expect(zipFailure([])[0]).toMatchObject({ code: "GMD112", confidence: 0.6 });
  });

  it("a .mod with no module line from the proxy is its answer; from a repository (direct) it is not", () => {
    const mod = (requests: ReturnType<typeof req>[]) =>
      diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ requests, errors: [goError("go: example.com/a@v1.0.0: parsing go.mod: missing module line", [], "example.com/a", "v1.0.0")] }) }))[0]!;
    expect(mod([req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 200 })]).title).toMatch(/127\.0\.0\.1:8081 .*no module line/);
    expect(mod([]).code).not.toBe("GMD112");
  });

  it("an .info that is not JSON: go names the proxy in its error, that is enough", () => {
    const f = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: invalid response from proxy "${P}": invalid character '<' looking for beginning of value`, [], "example.com/a", "v1.0.0")] }),
      }),
    )[0]!;
    expect(f.code).toBe("GMD112");
    expect(f.title).toContain("127.0.0.1:8081");
    expect(f.fixes[0]!.commands[0]).toContain(`${P}/example.com/a/@v/v1.0.0.info`);
  });
});

describe("a redirect to a download host that fails", () => {
  it("names the host the proxy redirects to, in one finding for the proxy", () => {
    const dead = "http://127.0.0.1:9999";
    const refused = (u: string) => `Get "${u}": dial tcp 127.0.0.1:9999: connect: connection refused`;
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: P }),
        trace: trace({
          requests: [
            req(`${P}/example.com/a/@v/v1.0.0.zip`, { error: refused(`${dead}/example.com/a/@v/v1.0.0.zip`) }),
            req(`${P}/example.com/b/@v/v1.2.0.zip`, { error: refused(`${dead}/example.com/b/@v/v1.2.0.zip`) }),
          ],
          errors: [goError(`go: example.com/a@v1.0.0: ${refused(`${dead}/example.com/a/@v/v1.0.0.zip`)}`, [], "example.com/a", "v1.0.0")],
        }),
      }),
    );
    const refusedFindings = fs.filter((f) => f.code === "GMD102");
    expect(refusedFindings).toHaveLength(1);
    expect(refusedFindings[0]!.title).toBe("The module proxy 127.0.0.1:8081 redirects downloads to 127.0.0.1:9999, which refuses connections");
    expect(refusedFindings[0]!.fixes[0]!.commands).toEqual([`curl -sSI ${P}/example.com/a/@v/v1.0.0.zip`]);
  });

  it("a refusal of the proxy itself (same origin in the error) is said as before", () => {
    const url = `${P}/example.com/a/@v/v1.0.0.mod`;
    const f = diagnoseEvidence(
      evidence({ outcome: "failed", ctx: ctx({ GOPROXY: P }), trace: trace({ requests: [req(url, { error: `Get "${url}": dial tcp 127.0.0.1:8081: connect: connection refused` })] }) }),
    ).find((x) => x.code === "GMD102")!;
    expect(f.title).toBe("The module proxy 127.0.0.1:8081 refuses connections");
  });
});

describe("a server error in a ',' list", () => {
  it("names the entry go will not try and gives the '|' list as a command", () => {
    const f = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P},${B}` }),
        trace: trace({
          requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: 500 })],
          errors: [goError(`go: example.com/a@v1.0.0: reading ${P}/example.com/a/@v/v1.0.0.mod: 500 Internal Server Error`, [], "example.com/a", "v1.0.0")],
        }),
      }),
    )[0]!;
    expect(f.code).toBe("GMD104");
    expect(f.why).toContain(`(${B}) on it unless the separator is '|'`);
    expect(f.fixes[0]!.commands).toContain(`GOPROXY='${P}|${B}' go mod download`);
  });
});
