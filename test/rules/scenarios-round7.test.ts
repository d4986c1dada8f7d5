// Misdiagnoses found in scenario round 7, from evidence built by hand (the
// integration tests with real go are in test/integration/findings-sumdb-tree.test.ts
// and findings-scen7.test.ts).
import { describe, expect, it } from "vitest";
import { meantSetting } from "../../src/context/misspelt.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, httpProxyProbe, req, trace } from "./evidence/base.js";

const MISSING = goError("main.go:4:2: missing go.sum entry for module providing package golang.org/x/text/language; to add:", ["\tgo get golang.org/x/text/language@v0.14.0"]);

describe("missing go.sum entry", () => {
  it("as the only error of a failed run: a blocker, with go's own command to add it", () => {
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [MISSING] }) }));
    expect(top?.code).toBe("GMD204");
    expect(top?.severity).toBe("blocker");
    expect(top?.why).toMatch(/what stopped this run/);
    expect(top?.fixes[0]?.commands).toEqual(["go get golang.org/x/text/language@v0.14.0"]);
  });

  it("beside another failure: a note, the other failure leads", () => {
    const other = goError("go: example.com/a@v1.0.0: reading https://proxy.golang.org/example.com/a/@v/v1.0.0.mod: 500 Internal Server Error", [], "example.com/a", "v1.0.0");
    const findings = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [other, MISSING] }) }));
    expect(findings.find((f) => f.code === "GMD204")?.severity).toBe("info");
    expect(findings[0]?.code).not.toBe("GMD204");
  });
});

describe("GOPROXY separators: no ',' to '|' advice for an entry already followed by '|'", () => {
  const A = "https://a.corp.test";
  const B = "https://proxy.golang.org";
  const mod = (base: string) => `${base}/golang.org/x/text/@v/v0.14.0.mod`;
  // Both proxies answer 500: go went on from the '|' entry to the next, which failed the run.
  const both500 = (goproxy: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: goproxy }),
        trace: trace({
          requests: [req(mod(A), { status: 500 }), req(mod(B), { status: 500 })],
          errors: [goError(`go: golang.org/x/text@v0.14.0: reading ${mod(B)}: 500 Internal Server Error`, [], "golang.org/x/text", "v0.14.0")],
        }),
      }),
    );

  it.each([
    [`${A}|${B},direct`, "a.corp.test", "proxy.golang.org"],
    [`${A},${B}|direct`, "proxy.golang.org", "a.corp.test"],
  ])("GOPROXY=%s: the entry before '|' (%s) gets none, the one before ',' (%s) does", (goproxy, piped, comma) => {
    const findings = both500(goproxy);
    const of = (host: string) => findings.find((f) => f.title === `The module proxy ${host} answers 500`)!;
    const pipedText = JSON.stringify(of(piped).fixes) + of(piped).why;
    expect(pipedText).not.toMatch(/GOPROXY='[^']*\|/);
    expect(pipedText).not.toMatch(/fall through on errors with '\|'|unless the separator is '\|'/);
    // go's final error names B: when B is the '|' entry, go went on past it and still reported its failure (it ranks above the next
    // entry's), so it stopped the run; when A is, go went on past it to B, whose own error is what was reported.
    if (piped === "proxy.golang.org") {
      expect(of(piped).why).toMatch(/the '\|' after it in GOPROXY lets the go command go on to the next entry/);
      expect(of(piped).severity).toBe("blocker");
    } else {
      expect(of(piped).why).toMatch(/already separates it from the next entry with '\|'/);
      expect(of(piped).severity).toBe("warning");
    }
    expect(of(comma).fixes[0]?.commands[0]).toMatch(/^GOPROXY='https:\/\/a\.corp\.test\|https:\/\/proxy\.golang\.org\|direct' go mod download$/);
  });
});

describe("misspelt go settings", () => {
  it.each([
    ["GOPRIVTE", "GOPRIVATE"],
    ["GO_PROXY", "GOPROXY"],
    ["GOPROXI", "GOPROXY"],
    ["GONOSUMBD", "GONOSUMDB"],
    ["GOFALGS", "GOFLAGS"],
    ["GO_NOSUMDB", "GONOSUMDB"],
    ["GOPRVATE", "GOPRIVATE"],
    ["GOPRIAVTE", "GOPRIVATE"],
    ["GOMODCAHCE", "GOMODCACHE"],
    ["GOTOOLCHIAN", "GOTOOLCHAIN"],
    ["GOPROXYY", "GOPROXY"],
    ["GOPRIVATE_", "GOPRIVATE"],
  ])("%s stands for %s", (name, meant) => {
    expect(meantSetting(name)).toBe(meant);
  });

  it.each(["GOPROXY", "GOGC", "GODEBUG", "GOMAXPROCS", "GONOSUMCHECK", "GOLANG_VERSION", "GOOGLE_APPLICATION_CREDENTIALS", "GOTESTSUM_FORMAT", "GO", "GOMOD_DOCTOR_REFERENCE_HOSTS", "GOPRIVATEKEYS", "GOOSE_DRIVER"])("%s is not read as a misspelling", (name) => {
    expect(meantSetting(name)).toBeUndefined();
  });

  it("GMD509 says go ignores it, names the setting meant, and moves the value where it is set", () => {
    const c = ctx({ GOPRIVATE: "" });
    c.misspelt = [{ name: "GOPRIVTE", meant: "GOPRIVATE", value: "git.corp.test", from: "environment" }];
    const f = diagnoseEvidence(evidence({ outcome: "ok", ctx: c })).find((x) => x.code === "GMD509");
    expect(f?.title).toBe("GOPRIVTE is not a go setting; did you mean GOPRIVATE?");
    expect(f?.severity).toBe("warning");
    expect(f?.why).toMatch(/never applies: GOPRIVATE stays unset/);
    expect(f?.fixes[0]?.commands).toEqual(["unset GOPRIVTE", "export GOPRIVATE=git.corp.test", "go env GOPRIVATE"]);
  });
});

describe("NO_PROXY and no_proxy differ", () => {
  const spellings = { NO_PROXY: "localhost", no_proxy: "localhost,goproxy.corp.test", used: "NO_PROXY" as const };
  it("a working proxy carries a host listed only in the spelling go does not read: a warning naming the spelling go uses", () => {
    const c = ctx({ GOPROXY: "https://goproxy.corp.test" }, { HTTPS_PROXY: "http://proxy.corp.test:3128", NO_PROXY: "localhost" });
    c.noProxySpellings = spellings;
    const probe = httpProxyProbe({
      variable: "HTTPS_PROXY",
      url: "http://proxy.corp.test:3128",
      noProxy: "localhost",
      noProxySpellings: spellings,
      routes: [{ endpoint: "https://goproxy.corp.test", proxied: true }],
      dns: { ok: true, ms: 1, host: "proxy.corp.test", addresses: ["10.0.0.5"] },
      tcp: { ok: true, ms: 1, port: 3128 },
      connect: { ok: true, ms: 3, status: 200, target: "goproxy.corp.test:443" },
    });
    const f = diagnoseEvidence(evidence({ outcome: "probed", ctx: c, probes: [probe] })).find((x) => x.code === "GMD108");
    expect(f?.severity).toBe("warning");
    expect(f?.title).toBe("goproxy.corp.test is listed in no_proxy only: the go command reads NO_PROXY, so it goes through http://proxy.corp.test:3128");
    expect(f?.fixes[0]?.commands).toEqual(["export NO_PROXY=localhost,goproxy.corp.test", 'export no_proxy="$NO_PROXY"']);
  });
});

describe("module zips over go's 500 MiB limit", () => {
  it("go's `downloaded zip file too large`: GMD115 says it is go's own limit, no retry or mirror", () => {
    const err = goError("go: example.com/huge@v1.0.0: downloaded zip file too large", [], "example.com/huge", "v1.0.0");
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [err] }) }));
    expect(top?.code).toBe("GMD115");
    expect(top?.title).toBe("example.com/huge@v1.0.0 is larger than the go command accepts for a module (500 MiB)");
    expect(top?.why).toMatch(/go's own limit/);
    expect(JSON.stringify(top?.fixes)).not.toMatch(/GOPROXY|--timeout/);
  });

  it("direct mode's `module source tree too large` reads the same", () => {
    const err = goError("go: example.com/huge@v1.0.0: create zip: module source tree too large (max size is 524288000 bytes)", [], "example.com/huge", "v1.0.0");
    expect(diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [err] }) }))[0]?.code).toBe("GMD115");
  });
});
