// GMD314: a module server named by a go-import `mod` tag failed (404, 5xx,
// 401/403, silence), and the look-alikes that stay with the proxy and git
// rules. Traces as go1.23 prints them against fixtures/proxy.ts behind a
// `corp.test/lib mod http://mods.corp.test:41567/` tag (test/fixtures/gitserver.test.ts runs the real thing).
import { describe, expect, it } from "vitest";
import { findCause } from "../../src/rules/catalogue.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import type { Evidence } from "../../src/rules/types.js";
import { ctx, evidence, goError, req, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const MODS = "http://mods.corp.test:41567";
const FILE = `${MODS}/corp.test/lib/@v/v1.2.3`;
const PAGE = "http://corp.test/lib?go-get=1";
const pages = [req("https://corp.test/lib?go-get=1", { error: 'Get "https://corp.test/lib?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused' }), req(PAGE, { status: 200 })];
const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands);
const codes = (fs: Finding[]) => fs.map((f) => f.code);

function failed(status: number, text: string, response: string, over: Partial<Evidence> = {}): Finding[] {
  return diagnoseEvidence(
    evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "corp.test", GONOSUMDB: "corp.test" }, {}, ["corp.test/lib@v1.2.3"]),
      trace: trace({
        requests: [...pages, req(`${FILE}.mod`, { status, error: `${status} ${text}` })],
        errors: [goError(`go: corp.test/lib@v1.2.3: reading ${FILE}.mod: ${status} ${text}`, [`\tserver response: ${response}`], "corp.test/lib", "v1.2.3")],
      }),
      ...over,
    }),
  );
}

describe("GMD314 mod-server-failed", () => {
  it("404: the module server lacks the version; evidence is the go-get request and the failing one", () => {
    const fs = failed(404, "Not Found", "not found: corp.test/lib@v1.2.3: unrecognized import path");
    expect(fs[0]).toMatchObject({ code: "GMD314", name: "mod-server-failed", severity: "blocker", modules: ["corp.test/lib"] });
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag answered 404 for v1.2.3`);
    expect(fs[0]!.evidence).toEqual([
      `# get ${PAGE}: 200: its go-import tag names the module server ${MODS}/`,
      `go: corp.test/lib@v1.2.3: reading ${FILE}.mod: 404 Not Found`,
      "server response: not found: corp.test/lib@v1.2.3: unrecognized import path",
    ]);
    expect(fs[0]!.why).toContain("not a GOPROXY entry");
    expect(commands(fs[0]!)).toEqual([`curl -sS -i ${FILE}.mod`, `curl -sS ${MODS}/corp.test/lib/@v/list`, "go list -m -versions corp.test/lib"]);
    // Not a private module sent to a public proxy, not a missing repository, not unexplained.
    expect(codes(fs)).toEqual(["GMD314"]);
  });

  it("500: the server is down; retry, or a module proxy from GOPROXY while it is", () => {
    const fs = failed(500, "Internal Server Error", "500 fixture fault", {
      ctx: ctx({ GOPROXY: "https://athens.corp.test,direct", GONOPROXY: "corp.test" }, {}, ["corp.test/lib@v1.2.3"]),
    });
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag answered 500 for v1.2.3`);
    expect(commands(fs[0]!)).toContain("GOPROXY=https://athens.corp.test GONOPROXY=none go mod download corp.test/lib@v1.2.3");
    expect(codes(fs)).not.toContain("GMD104");
  });

  it("401 over https: credentials for the server's host in ~/.netrc; never called git's", () => {
    const https = "https://mods.corp.test";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [req("https://corp.test/lib?go-get=1", { status: 200 }), req(`${https}/corp.test/lib/@v/v1.2.3.info`, { status: 401 })],
          errors: [goError(`go: corp.test/lib@v1.2.3: reading ${https}/corp.test/lib/@v/v1.2.3.info: 401 Unauthorized`, [], "corp.test/lib", "v1.2.3")],
        }),
      }),
    );
    expect(fs[0]!.title).toBe(`The module server ${https}/ named by corp.test/lib's go-import tag answered 401 for v1.2.3`);
    expect(commands(fs[0]!)).toContain(`curl -sS -i --netrc ${https}/corp.test/lib/@v/v1.2.3.info`);
    expect(commands(fs[0]!)).toContain("printf 'machine mods.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc");
    expect(codes(fs)).not.toContain("GMD302");
  });

  it("401 over http: go sends no credentials there, so the tag should name https", () => {
    const f = failed(401, "Unauthorized", "401 fixture fault")[0]!;
    expect(f.why).toContain("only over https");
    expect(f.fixes[1]!.summary).toMatch(/^Have the go-import tag name the server's https:\/\/ address/);
  });

  it("a server that never answers: the stalled request, not a blackholed proxy", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "stalled",
        trace: trace({
          requests: [...pages, req(`${FILE}.info`, undefined)],
          stall: { atMs: 31_000, idleMs: 30_000, suspects: [{ kind: "http", url: `${FILE}.info`, module: "corp.test/lib", version: "v1.2.3", idleMs: 30_000 }] },
        }),
      }),
    );
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag did not answer for v1.2.3`);
    expect(codes(fs)).not.toContain("GMD103");
  });

  it("a zip stalled mid-body names the module server, and offers no public mirror", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "stalled",
        trace: trace({
          requests: [...pages, req(`${FILE}.mod`, { status: 200 }), req(`${FILE}.zip`, { status: 200 })],
          stall: { atMs: 31_000, idleMs: 30_000, suspects: [{ kind: "zip-body", url: `${FILE}.zip`, module: "corp.test/lib", version: "v1.2.3", idleMs: 30_000, bytes: 100 }] },
        }),
      }),
    );
    expect(fs[0]).toMatchObject({ code: "GMD105", title: "The zip of corp.test/lib@v1.2.3 stopped mid-body" });
    expect(fs[0]!.why).toMatch(new RegExp(`^The module server ${MODS}/ named by corp\\.test/lib's go-import tag sent the response headers`));
    expect(fs[0]!.fixes.map((x) => x.summary).join("\n")).not.toMatch(/mirror/);
  });

  it("look-alike: the same base listed in GOPROXY is a proxy (GMD104), not a module server", () => {
    const fs = failed(500, "Internal Server Error", "500 fixture fault", { ctx: ctx({ GOPROXY: `${MODS},direct` }, {}, ["corp.test/lib@v1.2.3"]) });
    expect(codes(fs)).not.toContain("GMD314");
    expect(codes(fs)).toContain("GMD104");
  });

  it("the tag the vcs probe read names the server when the trace lost the go-get request", () => {
    const tag = vcsProbe(vcsFacts("corp.test", { modules: ["corp.test/lib"], goImport: { url: "https://corp.test/lib?go-get=1", ok: true, status: 200, meta: { prefix: "corp.test/lib", vcs: "mod", repo: `${MODS}/` } } as never }));
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        probes: [tag],
        trace: trace({ errors: [goError(`go: corp.test/lib@v1.2.3: reading ${FILE}.zip: 410 Gone`, [], "corp.test/lib", "v1.2.3")] }),
      }),
    );
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag answered 410 for v1.2.3`);
    expect(fs[0]!.evidence[0]).toBe(`go-import tag: corp.test/lib mod ${MODS}/`);
  });

  it("a zip it lists but does not serve (go.mod served, then 410): said so, and not also a proxy's half-served zip", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [...pages, req(`${FILE}.mod`, { status: 200 }), req(`${FILE}.info`, { status: 200 }), req(`${FILE}.zip`, { status: 410, error: "410 Gone" })],
          errors: [goError(`go: corp.test/lib@v1.2.3: reading ${FILE}.zip: 410 Gone`, ["\tserver response: not found"], "corp.test/lib", "v1.2.3")],
        }),
      }),
    );
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag answered 410 for v1.2.3`);
    expect(fs[0]!.why).toContain("served the version's go.mod and then answered 410 for its zip");
    expect(codes(fs)).toEqual(["GMD314"]);
  });

  it("a connection reset mid-zip is the server cutting it", () => {
    const reset = `go: corp.test/lib@v1.2.3: read "${FILE}.zip": read tcp 127.0.0.1:36476->127.0.0.1:41567: read: connection reset by peer`;
    const fs = diagnoseEvidence(
      evidence({ outcome: "failed", trace: trace({ requests: [...pages, req(`${FILE}.zip`, { status: 200 })], errors: [goError(reset, [], "corp.test/lib", "v1.2.3")] }) }),
    );
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag reset the connection for v1.2.3`);
    expect(fs[0]!.why).toContain("The server cut the connection before the whole answer arrived");
    expect(codes(fs)).not.toContain("GMD111");
  });

  it("a go.mod that is no go.mod from the module server (GMD112) names the module server, not a proxy", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [...pages, req(`${FILE}.mod`, { status: 200 })],
          errors: [goError("go: corp.test/lib@v1.2.3: parsing go.mod: missing module line", [], "corp.test/lib", "v1.2.3")],
        }),
      }),
    );
    expect(fs[0]!.code).toBe("GMD112");
    expect(fs[0]!.title).toBe(`The module server ${MODS}/ named by corp.test/lib's go-import tag sent something else for corp.test/lib@v1.2.3: the .mod it sent has no module line (not a go.mod)`);
  });

  it("explain GMD314", () => {
    expect(findCause("GMD314")).toMatchObject({ name: "mod-server-failed", family: "mod-server" });
    expect(findCause("mod-server-failed")?.explain).toContain("module proxy protocol");
  });
});

describe("a go-import page that asks for credentials is not git", () => {
  it("titled (go-import page)", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct", GOPRIVATE: "corp.test" }, {}, ["corp.test/lib@v1.2.3"]),
        trace: trace({ requests: [req("https://corp.test/lib?go-get=1", { status: 401 })] }),
      }),
    );
    const auth = fs.find((f) => f.code === "GMD302");
    expect(auth?.title).toBe("corp.test needs credentials (go-import page)");
  });
});
