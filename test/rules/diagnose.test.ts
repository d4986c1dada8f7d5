import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { allCauses, findCause } from "../../src/rules/catalogue.js";
import { FindingSchema, type Finding } from "../../src/report/schema.js";
import { network, type Scenario } from "./evidence/scenarios.js";
import { generic, modcache, performance, privateVcs, settings, sumdb } from "./evidence/scenarios-more.js";
import { ctx, evidence, modcacheProbe, trace } from "./evidence/base.js";

const ALL: Scenario[] = [...network, ...sumdb, ...privateVcs, ...modcache, ...settings, ...performance, ...generic];

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

describe.each(ALL.map((s) => [s.name, s] as const))("scenario: %s", (_name, scenario) => {
  const findings = diagnoseEvidence(scenario.evidence);

  it(`ranks ${scenario.first} first`, () => {
    expect(codes(findings)[0], JSON.stringify(findings.map((f) => [f.code, f.severity, f.confidence, f.title]), null, 1)).toBe(scenario.first);
  });

  it("omits the look-alike causes", () => {
    for (const code of scenario.absent ?? []) expect(codes(findings)).not.toContain(code);
  });

  it("produces findings that match the contract, with evidence and a fix for the first", () => {
    for (const f of findings) expect(() => FindingSchema.parse(f)).not.toThrow();
    expect(findings[0]!.evidence.length).toBeGreaterThan(0);
    if (findings[0]!.severity !== "info" || findings[0]!.code === "GMD602") expect(findings[0]!.fixes.length).toBeGreaterThan(0);
  });

  it("never suggests weakening security in a command", () => {
    const commands = findings.flatMap((f) => f.fixes.flatMap((x) => x.commands));
    for (const c of commands) {
      expect(c).not.toMatch(/GOINSECURE|-insecure|GOSUMDB=off|GOFLAGS=.*insecure/);
      if (/GONOSUMDB/.test(c)) expect(findings.find((f) => f.fixes.some((x) => x.commands.includes(c)))!.code).toBe("GMD201");
    }
  });

  it("is deterministic, whatever the order of the probes", () => {
    const again = diagnoseEvidence({ ...scenario.evidence, probes: [...scenario.evidence.probes].reverse() });
    expect(again).toEqual(findings);
  });
});

describe("specific fixes", () => {
  const first = (name: string): Finding => diagnoseEvidence(ALL.find((s) => s.name === name)!.evidence)[0]!;

  it("GOPRIVATE is computed from the private module", () => {
    const f = first("private module sent to the public proxy, not in GOPRIVATE");
    const cmd = f.fixes[0]!.commands[0]!;
    expect(cmd).toMatch(/^go env -w GOPRIVATE=/);
    expect(cmd).toContain("github.com/acme");
    expect(f.modules).toEqual(["github.com/acme/secret"]);
  });

  it("an internal proxy keeps serving private modules: GONOSUMDB, not GOPRIVATE", () => {
    const f = first("private module looked up in sum.golang.org (internal proxy serves it)");
    expect(f.fixes[0]!.commands[0]).toMatch(/^go env -w GONOSUMDB=.*git\.corp\.test/);
  });

  it("TLS interception names the issuer and fixes with SSL_CERT_FILE", () => {
    const f = first("TLS intercepted by a corporate CA");
    expect(f.title).toContain("Corp Proxy Root CA");
    expect(f.fixes[0]!.commands.join("\n")).toContain("SSL_CERT_FILE");
    expect(f.evidence.join("\n")).toContain("NODE_EXTRA_CA_CERTS");
    expect(f.title).toContain("sum.golang.org");
  });

  it("the lock holder's pid and command come first, then kill PID", () => {
    const f = first("module-cache lock held by another go command");
    expect(f.fixes[0]!.summary).toContain("go mod download");
    expect(f.fixes[0]!.commands).toContain("kill 3102");
  });

  it("auth fixes use placeholders, never secrets", () => {
    const f = first("git over https has no credentials (terminal prompts disabled)");
    const all = f.fixes.flatMap((x) => x.commands).join("\n");
    expect(all).toContain("machine git.corp.test login <USER> password <TOKEN>");
    expect(all).toContain('url."https://oauth2:<TOKEN>@git.corp.test/".insteadOf "https://git.corp.test/"');
  });

  it("offline explains the proxy DNS failure", () => {
    const f = first("look-alike: every name fails: offline, not one bad proxy");
    expect(f.explains).toContain("GMD101");
  });

  it("disk full suggests go clean -modcache with a caution", () => {
    const f = first("disk full");
    const clean = f.fixes.find((x) => x.commands.includes("go clean -modcache"));
    expect(clean?.caution).toMatch(/discards/);
  });

  it("a mismatch is never fixed by turning verification off", () => {
    const f = first("checksum mismatch");
    expect(f.title).toContain("github.com/x/y@v1.2.3");
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/GOSUMDB|GONOSUMDB|GOFLAGS/);
  });

  it("toolchain fix is GOTOOLCHAIN=local", () => {
    expect(first("toolchain not available").fixes[0]!.commands[0]).toContain("GOTOOLCHAIN=local");
  });

  it("the faster mirror is the measured one", () => {
    expect(first("a measured faster mirror").fixes[0]!.commands[0]).toBe("go env -w GOPROXY=https://proxy.golang.org,direct");
  });

  it("the fallback names the stuck request", () => {
    const f = first("look-alike: a silent git command with no prompt evidence stays unexplained");
    expect(f.title).toContain("git -c protocol.version=2 fetch");
  });
});

describe("look-alikes without findings", () => {
  it("a lock held without waiters on a finished run is not a finding", () => {
    const f = diagnoseEvidence(evidence({ outcome: "ok", ctx: ctx(), probes: [modcacheProbe({ lockHolders: [{ file: "/x.lock", pid: 9, command: "gopls", waiters: [] }] })] }));
    expect(codes(f)).not.toContain("GMD401");
  });

  it("slow without a mirror probe never claims a faster mirror", () => {
    const s = ALL.find((x) => x.name === "look-alike: slow but progressing is not a stall")!;
    expect(codes(diagnoseEvidence(s.evidence))).not.toContain("GMD602");
  });

  it("a clean run has no findings", () => {
    expect(diagnoseEvidence(evidence({ outcome: "ok", ctx: ctx(), trace: trace() }))).toEqual([]);
  });
});

describe("robustness", () => {
  it("a throwing family becomes a GMD999 info finding and the others still run", () => {
    const broken = { ...modcacheProbe(), facts: { dir: "/x", lockHolders: "not an array" } };
    const f = diagnoseEvidence(evidence({ outcome: "failed", probes: [broken], trace: trace({ errors: [{ message: "go: golang.org/x/text@v0.14.0: module lookup disabled by GOPROXY=off", details: [], module: "golang.org/x/text" }] }) }));
    expect(codes(f)[0]).toBe("GMD501");
    const internal = f.find((x) => x.code === "GMD999");
    expect(internal?.severity).toBe("info");
    expect(internal?.title).toContain("modcache");
  });
});

describe("catalogue", () => {
  it("has unique stable codes and names, each with a long explanation", () => {
    const causes = allCauses();
    expect(new Set(causes.map((c) => c.code)).size).toBe(causes.length);
    expect(new Set(causes.map((c) => c.name)).size).toBe(causes.length);
    for (const c of causes) {
      expect(c.code).toMatch(/^GMD[1-69]\d\d$/);
      expect(c.explain.length).toBeGreaterThan(80);
    }
    expect(causes.length).toBeGreaterThanOrEqual(30);
  });

  it("finds a cause by code or name", () => {
    expect(findCause("gmd101")?.name).toBe("proxy-dns");
    expect(findCause("proxy-dns")?.code).toBe("GMD101");
    expect(findCause("GMD000")).toBeUndefined();
  });

  it("every scenario's first code is in the catalogue", () => {
    for (const s of ALL) expect(findCause(s.first), s.first).toBeDefined();
  });
});
