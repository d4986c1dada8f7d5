// GMD116: a file:// GOPROXY directory that lacks what go needs, from go's
// `reading file://...` errors alone (analyze) and with the file-proxy probe.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { FileProxyFacts } from "../../src/probes/types.js";
import { ctx, evidence, fileProxyProbe, goError, networkProbe, ONLINE, trace } from "./evidence/base.js";

const DIR = "/srv/goproxy";
const URL = `file://${DIR}`;
const READ = `go: github.com/Shopify/sarama@v1.38.1: reading ${URL}/github.com/!shopify/sarama/@v/v1.38.1.mod: no such file or directory`;

function facts(over: Partial<FileProxyFacts> = {}): FileProxyFacts {
  return { url: URL, dir: DIR, state: "ok", entries: 40, files: [], missingModules: [], checkedModules: 100, ...over };
}

describe("file-proxy-missing (GMD116)", () => {
  it("from a log alone: the module go could not read, the directory from the URL, the fill commands for that module", () => {
    const [top] = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [goError(READ)] }) }));
    expect(top).toMatchObject({ code: "GMD116", severity: "blocker", modules: ["github.com/Shopify/sarama"] });
    expect(top!.title).toBe(`github.com/Shopify/sarama@v1.38.1 is not in the GOPROXY directory ${DIR}`);
    expect(top!.fixes[0]!.commands).toEqual([
      "GOMODCACHE=/tmp/gomodcache-fill GOPROXY=https://proxy.golang.org,direct go mod download github.com/Shopify/sarama@v1.38.1",
      `mkdir -p ${DIR} && cp -R /tmp/gomodcache-fill/cache/download/. ${DIR}/`,
    ]);
  });

  it("with the settings: the last entry says nothing else is tried, and the fallback fix keeps the directory first", () => {
    const e = evidence({ outcome: "failed", ctx: ctx({ GOPROXY: URL }), trace: trace({ errors: [goError(READ)] }), probes: [ONLINE, fileProxyProbe(facts({ missingModules: ["github.com/Shopify/sarama@v1.38.1"] }))] });
    const [top] = diagnoseEvidence(e);
    expect(top!.code).toBe("GMD116");
    expect(top!.why).toMatch(/last entry, so nothing else is tried/);
    expect(top!.fixes.flatMap((f) => f.commands)).toContain(`go env -w GOPROXY=${URL},https://proxy.golang.org,direct`);
  });

  it("offline: no network fallback is offered, and being offline is not what failed the run (GMD109 is a warning)", () => {
    const offline = networkProbe([
      { host: "proxy.golang.org", ok: false, code: "ENOTFOUND", ms: 1 },
      { host: "sum.golang.org", ok: false, code: "ENOTFOUND", ms: 1 },
    ]);
    const found = diagnoseEvidence(evidence({ outcome: "failed", ctx: ctx({ GOPROXY: URL }), trace: trace({ errors: [goError(READ)] }), probes: [offline, fileProxyProbe(facts())] }));
    expect(found[0]!.code).toBe("GMD116");
    expect(found[0]!.fixes.flatMap((f) => f.commands).some((c) => c.startsWith("go env -w GOPROXY"))).toBe(false);
    expect(found.find((f) => f.code === "GMD109")?.severity).toBe("warning");
  });

  it("the probe alone (a pre-flight): modules missing from the copy, a blocker when it is the only entry", () => {
    const missing = ["example.com/a@v1.0.0", "example.com/b@v1.2.0"];
    const [top] = diagnoseEvidence(evidence({ outcome: "ok", ctx: ctx({ GOPROXY: URL }), probes: [ONLINE, fileProxyProbe(facts({ missingModules: missing }))] }));
    expect(top).toMatchObject({ code: "GMD116", severity: "blocker", modules: ["example.com/a", "example.com/b"] });
    expect(top!.title).toBe(`2 of the 100 modules go.mod requires are not in the GOPROXY directory ${DIR}`);
    expect(top!.evidence.join("\n")).toContain("example.com/a@v1.0.0, example.com/b@v1.2.0 (2 of 100 checked)");
  });

  it("a later entry takes what the copy lacks: a warning that names it, and no fallback fix", () => {
    const e = evidence({ outcome: "ok", ctx: ctx({ GOPROXY: `${URL},https://goproxy.corp.example` }), probes: [ONLINE, fileProxyProbe(facts({ missingModules: ["example.com/a@v1.0.0"] }))] });
    const [top] = diagnoseEvidence(e);
    expect(top).toMatchObject({ code: "GMD116", severity: "warning" });
    expect(top!.why).toMatch(/go then tries the next entry, https:\/\/goproxy\.corp\.example/);
    expect(top!.fixes.flatMap((f) => f.commands).some((c) => c.includes("go env -w"))).toBe(false);
    // The fill uses the network entries of this GOPROXY.
    expect(top!.fixes[0]!.commands[0]).toContain("GOPROXY=https://goproxy.corp.example go mod download");
  });

  it("a directory this user cannot read: chmod first; a complete, readable copy is no finding", () => {
    const denied = diagnoseEvidence(evidence({ outcome: "ok", ctx: ctx({ GOPROXY: URL }), probes: [ONLINE, fileProxyProbe(facts({ state: "unreadable" }))] }))[0]!;
    expect(denied.title).toBe(`The GOPROXY directory ${DIR} cannot be read by this user`);
    expect(denied.fixes[0]!.commands).toEqual([`ls -ld ${DIR}`, `sudo chmod -R a+rX ${DIR}`]);
    const fine = diagnoseEvidence(evidence({ outcome: "ok", ctx: ctx({ GOPROXY: URL }), probes: [ONLINE, fileProxyProbe(facts())] }));
    expect(fine.map((f) => f.code)).not.toContain("GMD116");
  });
});
