// Settings judged by where they come from (environment vs go env file),
// values that read like switches in pattern lists, GOPROXY URLs with no host
// or a wrong path, GOTOOLCHAIN naming a version, and GOINSECURE go-import
// URLs: evidence built by hand.
import { describe, expect, it } from "vitest";
import type { Context } from "../../src/context/types.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

type Sources = NonNullable<Context["settingSources"]>;

function withSources(c: Context, sources: Sources, mod: Partial<Context["mod"]> = {}): Context {
  return { ...c, settingSources: sources, mod: { ...c.mod, ...mod } };
}

const commands = (f: Finding | undefined): string => (f?.fixes ?? []).flatMap((x) => x.commands).join("\n");
const byCode = (fs: Finding[], code: string): Finding | undefined => fs.find((f) => f.code === code);

const OFF = goError("go: example.com/a@v1.0.0: module lookup disabled by GOPROXY=off", [], "example.com/a", "v1.0.0");

describe("fixes target where a setting is set", () => {
  it("GOPROXY=off from the environment: `unset GOPROXY`, never `go env -w`/`-u` (they cannot override the environment)", () => {
    const c = withSources(ctx({ GOPROXY: "off" }), { GOPROXY: ["environment", "go env file"] });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [OFF] }) }));
    expect(top!.code).toBe("GMD501");
    expect(top!.evidence[0]).toBe("GOPROXY=off (from the environment)");
    expect(top!.fixes[0]!.commands[0]).toBe("unset GOPROXY");
    expect(commands(top)).not.toMatch(/go env -[wu]/);
    // The go env file's value applies next: said, not dropped (it may be the good one).
    expect(top!.fixes[0]!.caution).toMatch(/go env file sets GOPROXY too/);
    expect(top!.fixes[1]!.commands).toEqual(["export GOPROXY=https://proxy.golang.org,direct"]);
  });

  it("GOPROXY=off reported through an editor's gopls (`: packages.Load error`): the editor's environment first, the go env fixes after", () => {
    const editor = goError("go: example.com/a@v1.0.0: module lookup disabled by GOPROXY=off : packages.Load error", [], "example.com/a", "v1.0.0");
    const [top] = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [editor] }) }));
    expect(top!.code).toBe("GMD501");
    expect(top!.fixes[0]!.summary).toMatch(/editor.*go\.toolsEnvVars/);
    expect(top!.fixes[0]!.commands).toEqual(["go env GOPROXY", "grep -n GOPROXY .vscode/settings.json"]);
    expect(top!.fixes[1]!.commands).toEqual(["go env -w GOPROXY=https://proxy.golang.org,direct"]);
    // Not from an editor: no editor fix.
    const [plain] = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [OFF] }) }));
    expect(commands(plain)).not.toMatch(/vscode/);
  });

  it("GOPROXY=off from the go env file: `go env -u GOPROXY`, no environment caution", () => {
    const c = withSources(ctx({ GOPROXY: "off" }), { GOPROXY: ["go env file"] });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [OFF] }) }));
    expect(top!.evidence[0]).toBe("GOPROXY=off (from the go env file (go env -w))");
    expect(top!.fixes[0]!.commands[0]).toBe("go env -u GOPROXY");
    expect(top!.fixes[1]!.commands).toEqual(["go env -w GOPROXY=https://proxy.golang.org,direct"]);
    expect(top!.fixes.map((f) => f.caution ?? "").join("")).not.toMatch(/environment/);
  });

  it("a log (no settings): go env -w with the caution that the environment wins", () => {
    const [top] = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [OFF] }) }));
    expect(top!.code).toBe("GMD501");
    expect(top!.fixes[0]!.commands[0]).toMatch(/^go env -w GOPROXY=/);
    expect(top!.fixes[0]!.caution).toMatch(/environment wins/);
  });

  it("GOFLAGS=-mod=vendor from the environment: export GOFLAGS keeping the other flags", () => {
    const c = withSources(ctx({ GOFLAGS: "-mod=vendor -modcacherw" }), { GOFLAGS: ["environment"] });
    const err = goError("go: example.com/a@v1.0.0: module lookup disabled by -mod=vendor", [], "example.com/a", "v1.0.0");
    const f = byCode(diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [err] }) })), "GMD502");
    expect(commands(f)).toContain("export GOFLAGS='-modcacherw -mod=mod'");
    expect(commands(f)).not.toMatch(/go env -w/);
  });

  it("a malformed GOSUMDB from the environment: unset it; from the file: go env -u", () => {
    const err = goError("go: verifying example.com/a@v1.0.0: invalid GOSUMDB: malformed verifier id");
    const envSet = byCode(diagnoseEvidence(evidence({ outcome: "failed", ctx: withSources(ctx({ GOSUMDB: "x+y" }), { GOSUMDB: ["environment"] }), trace: trace({ errors: [err] }) })), "GMD504");
    expect(envSet!.fixes[0]!.commands[0]).toBe("unset GOSUMDB");
    const fileSet = byCode(diagnoseEvidence(evidence({ outcome: "failed", ctx: withSources(ctx({ GOSUMDB: "x+y" }), { GOSUMDB: ["go env file"] }), trace: trace({ errors: [err] }) })), "GMD504");
    expect(fileSet!.fixes[0]!.commands[0]).toBe("go env -u GOSUMDB");
  });

  it("GMD301's GOPRIVATE fix exports when GOPRIVATE is set in the environment, and drops a switch-like `true` from the value", () => {
    const c = withSources(ctx({ GOPRIVATE: "true" }, {}, ["git.corp.test/team/lib@v1.0.0"]), { GOPRIVATE: ["environment"] });
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({
        errors: [goError("go: git.corp.test/team/lib@v1.0.0: reading https://proxy.golang.org/git.corp.test/team/lib/@v/v1.0.0.mod: 404 Not Found", ["server response: not found: git.corp.test/team/lib@v1.0.0: unrecognized import path"], "git.corp.test/team/lib", "v1.0.0")],
        requests: [req("https://proxy.golang.org/git.corp.test/team/lib/@v/v1.0.0.mod", { status: 404 })],
      }),
    });
    const f = byCode(diagnoseEvidence(e), "GMD301");
    expect(f!.fixes[0]!.commands[0]).toBe("export GOPRIVATE=git.corp.test");
  });
});

describe("GMD201's exemption follows the variable's source", () => {
  it("GONOSUMDB set in the environment (a CI variable): export, not go env -w", async () => {
    const { sumdb } = await import("./evidence/scenarios-more.js");
    const base = sumdb.find((s) => s.name === "private module looked up in sum.golang.org (internal proxy serves it)")!.evidence;
    const e = { ...base, ctx: withSources(base.ctx!, { GONOSUMDB: ["environment"] }) };
    const f = byCode(diagnoseEvidence(e), "GMD201");
    expect(f!.fixes[0]!.commands[0]).toMatch(/^export GONOSUMDB=.*git\.corp\.test/);
    expect(f!.fixes[0]!.caution).toMatch(/set in the environment/);
  });
});

describe("pattern lists written as switches (GMD505) and variables go does not read (GMD509)", () => {
  it("GONOSUMDB=true: a warning naming the pattern list, with GONOSUMDB=<paths> and GOSUMDB=off as the alternatives", () => {
    const c = withSources(ctx({ GONOSUMDB: "true" }, {}, ["git.corp.test/team/lib@v1.0.0", "golang.org/x/text@v0.14.0"]), { GONOSUMDB: ["environment"] });
    const f = byCode(diagnoseEvidence(evidence({ outcome: "ok", ctx: c })), "GMD505");
    expect(f).toMatchObject({ severity: "warning", title: "GONOSUMDB=true is a list of module path patterns, not a switch" });
    expect(f!.why).toMatch(/every module is still checked in the checksum database/);
    expect(f!.fixes[0]!.commands).toEqual(["export GONOSUMDB=git.corp.test"]);
    expect(f!.fixes[1]!.commands).toEqual(["go env -w GOSUMDB=off"]);
  });

  it("GOPRIVATE=1 with no private-looking module: a placeholder, not an invented path; GONOPROXY/GONOSUMDB inheriting it are not reported again", () => {
    const c = withSources(ctx({ GOPRIVATE: "1", GONOPROXY: "1", GONOSUMDB: "1" }), { GOPRIVATE: ["go env file"] });
    const found = diagnoseEvidence(evidence({ outcome: "ok", ctx: c })).filter((f) => f.code === "GMD505");
    expect(found.map((f) => f.title)).toEqual(["GOPRIVATE=1 is a list of module path patterns, not a switch"]);
    expect(found[0]!.fixes[0]!.commands).toEqual(["go env -w GOPRIVATE='<MODULE_PATTERNS>'"]);
  });

  it("look-alike: real patterns (and GONOPROXY=none, which go documents) are not switches", () => {
    const c = withSources(ctx({ GOPRIVATE: "*.corp.test,github.com/acme", GONOPROXY: "none" }), {});
    expect(diagnoseEvidence(evidence({ outcome: "ok", ctx: c })).map((f) => f.code)).not.toContain("GMD505");
  });

  it("GONOSUMCHECK set: GMD509, go ignores it", () => {
    const c = withSources(ctx({}, {}, ["git.corp.test/team/lib@v1.0.0"]), { GONOSUMCHECK: ["environment"] });
    const f = byCode(diagnoseEvidence(evidence({ outcome: "ok", ctx: c })), "GMD509");
    expect(f).toMatchObject({ severity: "warning", title: "GONOSUMCHECK is not a go setting: the go command ignores it" });
    expect(f!.fixes[0]!.commands).toEqual(["unset GONOSUMCHECK"]);
    expect(f!.fixes[1]!.commands).toEqual(["go env -w GONOSUMDB=git.corp.test"]);
    // Not reported when nobody set it.
    expect(diagnoseEvidence(evidence({ outcome: "ok", ctx: withSources(ctx(), {}) })).map((x) => x.code)).not.toContain("GMD509");
  });
});

describe("GOPROXY with no host (GMD503)", () => {
  const noHost = goError('go: example.com/a@v1.0.0: Get "https:///example.com/a/@v/v1.0.0.mod": http: no Host in request URL', [], "example.com/a", "v1.0.0");

  it("GOPROXY=https:// is named from the setting and the error: bad-goproxy, not the unknown fallback", () => {
    const c = withSources(ctx({ GOPROXY: "https://" }), { GOPROXY: ["environment"] });
    const [top, ...rest] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [noHost] }) }));
    expect(top).toMatchObject({ code: "GMD503", title: "GOPROXY holds a URL with no host", severity: "blocker" });
    expect(top!.why).toMatch(/the entry https:\/\/ is a URL with no host name/);
    expect(top!.fixes[0]!.commands).toEqual(["export GOPROXY=https://proxy.golang.org,direct"]);
    expect(rest.map((f) => f.code)).not.toContain("GMD902");
  });

  it("from a log alone (the error line): still GMD503", () => {
    expect(diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [noHost] }) }))[0]!.code).toBe("GMD503");
  });

  it("look-alike: a proxy URL with a host is not flagged", () => {
    const c = withSources(ctx({ GOPROXY: "https://goproxy.corp.test/api/go/x,direct" }), {});
    expect(diagnoseEvidence(evidence({ outcome: "ok", ctx: c })).map((f) => f.code)).not.toContain("GMD503");
  });
});

describe("a GOPROXY URL that answers 404 for everything (GMD508)", () => {
  const BASE = "http://127.0.0.1:9000/api/go/wrong";
  const c = withSources(ctx({ GOPROXY: BASE }, {}, ["example.com/a@v1.0.0", "example.com/b@v1.2.0"]), { GOPROXY: ["go env file"] });
  const notFound = (m: string, v: string, body: string) =>
    goError(`go: ${m}@${v}: reading ${BASE}/${m}/@v/${v}.mod: 404 Not Found`, [`server response: ${body}`], m, v);

  it("two modules, 2 of 2 requests 404 with a web server's page, none served: wrong URL first, no module-not-found", () => {
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({
        errors: [notFound("example.com/a", "v1.0.0", "404 page not found")],
        requests: [req(`${BASE}/example.com/a/@v/v1.0.0.mod`, { status: 404 }), req(`${BASE}/example.com/b/@v/v1.2.0.mod`, { status: 404 })],
      }),
    });
    const [top, ...rest] = diagnoseEvidence(e);
    expect(top).toMatchObject({ code: "GMD508", severity: "blocker", confidence: 0.85 });
    expect(top!.evidence[0]).toBe(`2 of 2 requests to ${BASE} answered 404/410, 0 succeeded (example.com/a, example.com/b)`);
    expect(top!.fixes[0]!.commands[0]).toBe(`curl -sS -w '\\n%{http_code}\\n' ${BASE}/example.com/a/@v/list`);
    expect(top!.fixes[1]!.commands[0]).toMatch(/^go env -w GOPROXY=/);
    expect(rest.map((f) => f.code)).not.toContain("GMD307");
    expect(rest.map((f) => f.code)).not.toContain("GMD301");
  });

  it("a module proxy's own not-found naming PREFIX/MODULE: it misread the GOPROXY path; never private (no GOPRIVATE fix)", () => {
    const body = "not found: api/go/wrong/example.com/a@v1.0.0: unrecognized import path";
    const e = evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [notFound("example.com/a", "v1.0.0", body)], requests: [req(`${BASE}/example.com/a/@v/v1.0.0.mod`, { status: 404 })] }) });
    const found = diagnoseEvidence(e);
    expect(found[0]).toMatchObject({ code: "GMD508", confidence: 0.9, title: `The module proxy at ${BASE} reads "api/go/wrong/" as part of the module path: GOPROXY has a wrong path` });
    expect(found.map((f) => f.code)).not.toContain("GMD301");
    expect(found.flatMap((f) => f.fixes.flatMap((x) => x.commands)).join("\n")).not.toMatch(/GOPRIVATE/);
  });

  it("the not-found naming the whole URL: the request came in HTTP-proxy form (HTTP_PROXY is not a forwarding proxy)", () => {
    const url = "http://goproxy.corp.test:8080";
    const body = `not found: ${url}/example.com/a@v1.0.0: unrecognized import path`;
    const viaProxy = ctx({ GOPROXY: url }, { HTTP_PROXY: "http://127.0.0.1:8080" }, ["example.com/a@v1.0.0"]);
    const e = evidence({
      outcome: "failed",
      ctx: viaProxy,
      trace: trace({
        errors: [goError(`go: example.com/a@v1.0.0: reading ${url}/example.com/a/@v/v1.0.0.mod: 404 Not Found`, [`server response: ${body}`], "example.com/a", "v1.0.0")],
        requests: [req(`${url}/example.com/a/@v/v1.0.0.mod`, { status: 404 })],
      }),
    });
    const [top, ...rest] = diagnoseEvidence(e);
    expect(top!.title).toBe(`Module requests reach the server at ${url} in HTTP-proxy form: HTTP_PROXY points at something that is not a forwarding proxy`);
    expect(top!.fixes[0]!.commands[1]).toBe(`curl -sS -x "$HTTP_PROXY" -o /dev/null -w '%{http_code}\\n' ${url}/example.com/a/@v/list`);
    expect(rest.map((f) => f.code)).not.toContain("GMD301");
  });

  it("one module whose 404 is a web server's generic page: still the URL, with lower confidence", () => {
    const e = evidence({ outcome: "failed", ctx: c, trace: trace({ errors: [notFound("example.com/a", "v1.0.0", "404 page not found")], requests: [req(`${BASE}/example.com/a/@v/v1.0.0.mod`, { status: 404 })] }) });
    const [top] = diagnoseEvidence(e);
    expect(top).toMatchObject({ code: "GMD508", confidence: 0.7 });
    // The other reading is offered too: the module itself missing there.
    expect(top!.fixes.at(-1)!.commands).toEqual(["go list -m -versions example.com/a"]);
  });

  it("one module with the probe's body as the only answer: the probe's generic 404 counts", () => {
    const probe = goproxyProbe(endpoint(`${BASE}/example.com/a/@v/v1.0.0.info`, { http: { ok: false, ms: 3, url: `${BASE}/example.com/a/@v/v1.0.0.info`, status: 404, bodySnippet: "Not Found\n" } }), "warn");
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: reading ${BASE}/example.com/a/@v/v1.0.0.mod: 404 Not Found`, [], "example.com/a", "v1.0.0")], requests: [req(`${BASE}/example.com/a/@v/v1.0.0.mod`, { status: 404 })] }),
      probes: [probe],
    });
    expect(diagnoseEvidence(e)[0]!.code).toBe("GMD508");
  });

  it("look-alike: the proxy speaks the protocol (`not found: MOD@VER: ...`): a missing module, not a wrong URL", () => {
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({
        errors: [notFound("example.com/a", "v1.0.0", "not found: example.com/a@v1.0.0: invalid version: unknown revision v1.0.0")],
        requests: [req(`${BASE}/example.com/a/@v/v1.0.0.mod`, { status: 404 }), req(`${BASE}/example.com/b/@v/v1.2.0.mod`, { status: 404 })],
      }),
    });
    const found = diagnoseEvidence(e).map((f) => f.code);
    expect(found).not.toContain("GMD508");
    expect(found[0]).toBe("GMD307");
  });

  it("look-alike: the same URL served another module: the URL is right", () => {
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({
        errors: [notFound("example.com/a", "v1.0.0", "404 page not found")],
        requests: [req(`${BASE}/example.com/a/@v/v1.0.0.mod`, { status: 404 }), req(`${BASE}/example.com/b/@v/v1.2.0.mod`, { status: 200 })],
      }),
    });
    expect(diagnoseEvidence(e).map((f) => f.code)).not.toContain("GMD508");
  });
});

describe("GOTOOLCHAIN naming a version vs go.mod asking (GMD506)", () => {
  const downloadFailed = trace({ toolchain: ["downloading go1.99.0 (linux/amd64)"], errors: [goError("go: download go1.99.0 for linux/amd64: toolchain not available")] });

  it("GOTOOLCHAIN=go1.99.0 in the environment, go.mod asks for nothing newer: names GOTOOLCHAIN and its source; fix: unset it", () => {
    const c = withSources(ctx({ GOTOOLCHAIN: "go1.99.0" }), { GOTOOLCHAIN: ["environment"] }, { go: "1.21.0" });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: downloadFailed }));
    expect(top).toMatchObject({ code: "GMD506", title: "GOTOOLCHAIN=go1.99.0 (set in the environment) asks for a toolchain that cannot be downloaded" });
    expect(top!.why).not.toMatch(/go\.mod's go\/toolchain line/);
    expect(top!.why).toMatch(/go\.mod does not ask for it/);
    expect(top!.fixes[0]!.commands[0]).toBe("unset GOTOOLCHAIN");
    expect(commands(top)).not.toMatch(/go env -[wu]/);
  });

  it("GOTOOLCHAIN=go1.99.0 written with go env -w: `go env -w GOTOOLCHAIN=auto` (the one go env form the local go runs itself)", () => {
    const c = withSources(ctx({ GOTOOLCHAIN: "go1.99.0" }), { GOTOOLCHAIN: ["go env file"] }, { go: "1.21.0" });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: downloadFailed }));
    expect(top!.title).toContain("(set in the go env file (go env -w))");
    expect(top!.fixes[0]!.commands[0]).toBe("go env -w GOTOOLCHAIN=auto");
    expect(commands(top)).not.toMatch(/go env -u/);
  });

  it("GOTOOLCHAIN=go1.99.0+auto: the minimum it sets is what asked", () => {
    const c = withSources(ctx({ GOTOOLCHAIN: "go1.99.0+auto" }), { GOTOOLCHAIN: ["environment"] }, { go: "1.21.0" });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: downloadFailed }));
    expect(top!.title).toMatch(/^GOTOOLCHAIN=go1\.99\.0\+auto/);
    expect(top!.why).toMatch(/oldest toolchain to run/);
  });

  it("look-alike: go.mod's toolchain line asked (GOTOOLCHAIN=auto): names that line, fixes go.mod, not GOTOOLCHAIN", () => {
    const c = withSources(ctx({ GOTOOLCHAIN: "auto" }), {}, { go: "1.21.0", toolchain: "go1.99.0" });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: downloadFailed }));
    expect(top!.title).toBe("The go 1.99.0 toolchain go.mod asks for cannot be downloaded");
    expect(top!.why).toMatch(/^go\.mod's "toolchain go1\.99\.0" line is newer/);
    expect(commands(top)).toContain("go mod edit -toolchain=none");
    expect(commands(top)).not.toMatch(/unset GOTOOLCHAIN/);
  });

  it("go1.19 in a module whose go.mod has a toolchain line it does not know: the go is too old (GMD506), not an unknown failure", () => {
    const tooOld = trace({ errors: [goError("go: errors parsing go.mod:", ["/src/p/go.mod:5: unknown directive: toolchain"])] });
    const c = withSources(ctx({ GOVERSION: "go1.19.8" }), {}, { go: "1.21", toolchain: "go1.21.5", newerSyntax: "/src/p/go.mod:5: unknown directive: toolchain" });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: tooOld }));
    expect(top!.code).toBe("GMD506");
    expect(top!.title).toMatch(/1\.21/);
    expect(commands(top)).toContain("grep -E '^(go|toolchain) ' go.mod");
  });

  it("go1.23 (it switches toolchains) stopping on go1.24's tool directive under GOTOOLCHAIN=local: needs a newer go, not 'before go1.21'", () => {
    const tooOld = trace({ errors: [goError("go: errors parsing go.mod:", ["/src/p/go.mod:9: unknown directive: tool"])] });
    const c = withSources(ctx({ GOVERSION: "go1.23.5", GOTOOLCHAIN: "local" }), {}, { go: "1.24.0", newerSyntax: "/src/p/go.mod:9: unknown directive: tool" });
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", ctx: c, trace: tooOld }));
    expect(top!.code).toBe("GMD506");
    expect(top!.title).toBe("go.mod needs go 1.24.0, and GOTOOLCHAIN=local forbids switching");
  });

  it("a log without settings: cannot tell, says both", () => {
    const [top] = diagnoseEvidence(evidence({ outcome: "analyzed", trace: downloadFailed }));
    expect(top!.why).toMatch(/go\.mod's go\/toolchain line \(or GOTOOLCHAIN\)/);
  });
});

describe("go.mod's replace and exclude lines (GMD311-313)", () => {
  it("a replace naming a version the proxy does not have: GMD311 names the replace; not GMD301 or GMD307", () => {
    const c = withSources(ctx({ GOPROXY: "http://127.0.0.1:9" }, {}, ["example.com/a@v1.0.0"]), {}, { replace: [{ oldPath: "example.com/a", newPath: "example.com/a", newVersion: "v1.9.9", local: false }] });
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({
        errors: [goError("go: example.com/a@v1.0.0 (replaced by example.com/a@v1.9.9): reading http://127.0.0.1:9/example.com/a/@v/v1.9.9.mod: 404 Not Found", ["server response: not found: example.com/a@v1.9.9: unrecognized import path"], "example.com/a", "v1.0.0")],
        requests: [req("http://127.0.0.1:9/example.com/a/@v/v1.9.9.mod", { status: 404 })],
      }),
    });
    const [top, ...rest] = diagnoseEvidence(e);
    expect(top).toMatchObject({ code: "GMD311", title: "go.mod replaces example.com/a with example.com/a@v1.9.9, a version that does not exist" });
    expect(top!.evidence).toContain("go.mod: replace example.com/a => example.com/a v1.9.9");
    expect(top!.evidence.filter((l) => l.startsWith("go.mod: replace"))).toHaveLength(1);
    expect(commands(top)).toContain("go list -m -versions example.com/a");
    expect(commands(top)).toContain("go mod edit -replace=example.com/a=example.com/a@<VERSION>");
    expect(rest.map((f) => f.code)).not.toContain("GMD301");
    expect(rest.map((f) => f.code)).not.toContain("GMD307");
  });

  it("look-alike: a replace by a private fork refused for credentials is not a missing version", () => {
    const e = evidence({
      outcome: "failed",
      trace: trace({
        errors: [goError("go: example.com/a@v1.0.0 (replaced by git.corp.test/fork/a@v1.0.1): reading https://proxy.golang.org/git.corp.test/fork/a/@v/v1.0.1.mod: 404 Not Found", ["server response: not found: git.corp.test/fork/a@v1.0.1: git ls-remote: fatal: could not read Username for 'https://git.corp.test': terminal prompts disabled"], "example.com/a", "v1.0.0")],
      }),
    });
    expect(diagnoseEvidence(e).map((f) => f.code)).not.toContain("GMD311");
  });

  it("a replace by a directory without go.mod (go mod download) and one that does not exist (go build): GMD312", () => {
    const download = goError("go: example.com/a@v1.0.0 (replaced by ../does-not-exist): reading ../does-not-exist/go.mod: open /src/does-not-exist/go.mod: no such file or directory", [], "example.com/a", "v1.0.0");
    const [a] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [download] }) }));
    expect(a).toMatchObject({ code: "GMD312", title: "go.mod replaces example.com/a with ../does-not-exist, where the go command found no go.mod" });
    // Without this machine's check of the directory (a saved log), the why says what go could not open, and that nothing was checked.
    expect(a!.why).toContain("it could not open /src/does-not-exist/go.mod: the directory is not there, or it does not hold the module's go.mod (this machine's disk was not checked)");
    expect(commands(a)).toContain("ls -la /src/does-not-exist");
    expect(commands(a)).toContain("go mod edit -dropreplace=example.com/a");
    const build = goError("main.go:2:8: example.com/a@v1.0.0: replacement directory ./third_party/a does not exist");
    const [b] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [build] }) }));
    expect(b).toMatchObject({ code: "GMD312", title: "go.mod replaces example.com/a with ./third_party/a, which does not exist", modules: ["example.com/a"] });
  });

  it("an exclude of the required version: GMD313 with the exclude line, not the unknown fallback", () => {
    const c = withSources(ctx({}, {}, ["example.com/a@v1.0.0"]), {}, { exclude: [{ path: "example.com/a", version: "v1.0.0" }] });
    const e = evidence({
      outcome: "failed",
      ctx: c,
      trace: trace({ errors: [goError("go: dropping requirement on excluded version example.com/a v1.0.0"), goError("go: module example.com/a: not a known dependency", [], "example.com/a")] }),
    });
    const found = diagnoseEvidence(e);
    expect(found[0]).toMatchObject({ code: "GMD313", severity: "blocker", title: "go.mod excludes example.com/a v1.0.0, the version it requires" });
    expect(found[0]!.evidence).toContain("go.mod: exclude example.com/a v1.0.0");
    expect(commands(found[0])).toContain("go mod edit -dropexclude=example.com/a@v1.0.0");
    expect(found.map((f) => f.code)).not.toContain("GMD902");
  });
});

describe("go-import under GOINSECURE (GMD306)", () => {
  it("the curl uses the http:// URL go's error quotes, not https://", () => {
    const err = goError('go: git.corp.test/team/r@v1.0.0: unrecognized import path "git.corp.test/team/r": http/https fetch: Get "http://git.corp.test/team/r?go-get=1": dial tcp 127.0.0.1:80: connect: connection refused', [], "git.corp.test/team/r", "v1.0.0");
    const requests = [req("https://git.corp.test/team/r?go-get=1", { error: "connection refused" }), req("http://git.corp.test/team/r?go-get=1", { error: "connection refused" })];
    const f = byCode(diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPRIVATE: "*.corp.test", GOINSECURE: "*.corp.test" }), trace: trace({ errors: [err], requests }) })), "GMD306");
    expect(f!.fixes[0]!.commands[0]).toBe("curl -sS 'http://git.corp.test/team/r?go-get=1' | grep -i go-import");
    expect(f!.why).toContain("http://git.corp.test/team/r?go-get=1");
  });
});

describe("settingSources: the layers a value comes from, as cmd/go/internal/cfg reads them", () => {
  it("the environment first, then the go env file, then $GOROOT/go.env; unset keys are absent; names go ignores are recorded", async () => {
    const { settingSources } = await import("../../src/context/env-files.js");
    const layers = {
      process: { GOPROXY: "off", GONOSUMCHECK: "1", GOFLAGS: "" },
      user: { GOPROXY: "https://goproxy.corp.test", GOTOOLCHAIN: "go1.99.0" },
      goroot: { GOPROXY: "https://proxy.golang.org,direct", GOTOOLCHAIN: "auto", GOSUMDB: "sum.golang.org" },
    };
    const s = settingSources(layers, ["GOPROXY", "GOTOOLCHAIN", "GOSUMDB", "GOFLAGS", "GOPRIVATE"]);
    expect(s).toEqual({
      GOPROXY: ["environment", "go env file", "GOROOT/go.env"],
      GOTOOLCHAIN: ["go env file", "GOROOT/go.env"],
      GOSUMDB: ["GOROOT/go.env"],
      GONOSUMCHECK: ["environment"],
    });
  });
});

describe("fixes outside the settings rules follow the source too", () => {
  const refused = (sources: Sources) => {
    const url = "http://127.0.0.1:3000";
    const c = withSources(ctx({ GOPROXY: `${url},https://proxy.golang.org,direct` }), sources);
    return diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: c,
        trace: trace({
          requests: [req(`${url}/golang.org/x/text/@v/v0.14.0.mod`, { error: `Get "${url}/golang.org/x/text/@v/v0.14.0.mod": dial tcp 127.0.0.1:3000: connect: connection refused` })],
          errors: [goError(`go: golang.org/x/text@v0.14.0: Get "${url}/golang.org/x/text/@v/v0.14.0.mod": dial tcp 127.0.0.1:3000: connect: connection refused`, [], "golang.org/x/text", "v0.14.0")],
        }),
        probes: [goproxyProbe(endpoint(url, { tcp: { ok: false, ms: 1, port: 3000, code: "ECONNREFUSED" }, failedStep: "tcp" }))],
      }),
    );
  };
  const pipe = (fs: Finding[]) => fs.flatMap((f) => f.fixes).find((x) => x.summary.includes("'|'"));

  it("the '|' list for a GOPROXY set in the environment: tried once, then exported (go env -w would not win)", () => {
    expect(pipe(refused({ GOPROXY: ["environment"] }))?.commands).toEqual([
      "GOPROXY='http://127.0.0.1:3000|https://proxy.golang.org|direct' go mod download",
      "export GOPROXY='http://127.0.0.1:3000|https://proxy.golang.org|direct'",
    ]);
  });

  it("... and written with go env -w when the go env file holds it", () => {
    const fix = pipe(refused({ GOPROXY: ["go env file"] }));
    expect(fix?.commands[1]).toBe("go env -w GOPROXY='http://127.0.0.1:3000|https://proxy.golang.org|direct'");
    expect(fix?.caution).toBeUndefined();
  });
});
