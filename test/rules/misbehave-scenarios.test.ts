// Rules over what real go printed against servers misbehaving in ways the
// first fixtures did not (a run ended by --timeout while still moving, '|'
// lists that cannot help, certificates asked for by IP, a redirect to a CDN
// with a bad certificate), each with the look-alike it must be told apart from.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding, ModuleState } from "../../src/report/schema.js";
import { ctx, evidence, goError, req, trace } from "./evidence/base.js";

const names = (fs: Finding[]) => fs.map((f) => f.name);
const P = "http://127.0.0.1:4000";

describe("--timeout while a download still moves", () => {
  const moving = (bytes: number): ModuleState => ({ path: "example.com/a", version: "v1.0.0", state: "downloading", bytes, bytesPerSecond: 204_000, idleMs: 71, outstanding: ["zip"] });
  const judge = (m: ModuleState, outcome: "timeout" | "stalled" = "timeout") =>
    diagnoseEvidence(evidence({ outcome, trace: trace({ endedMs: 8400, modules: [m], outstanding: [req(`${P}/example.com/a/@v/v1.0.0.zip`, undefined)] }) }));

  it("is not an unexplained stall: the module was still arriving, and the fix is a longer --timeout", () => {
    const fs = judge(moving(1_600_000));
    expect(fs[0]!.name).toBe("slow-download");
    expect(fs[0]!.title).toBe("--timeout ended the run while example.com/a@v1.0.0 was still downloading");
    expect(fs[0]!.severity).toBe("warning");
    expect(fs[0]!.fixes[0]!.commands).toEqual(["gomod-doctor diagnose --timeout 60"]);
    expect(names(fs)).not.toContain("unexplained-stall");
  });

  it("a body past the largest zip go accepts has no end: a blocker, with a curl to see it", () => {
    const fs = judge(moving(600 * 1024 * 1024));
    expect(fs[0]!.severity).toBe("blocker");
    expect(fs[0]!.why).toMatch(/more than any module zip may be/);
    expect(fs[0]!.fixes[0]!.commands[0]).toMatch(/^curl .*--max-filesize 524288000 .*v1\.0\.0\.zip$/);
  });

  it("a stall verdict with the same module is not this finding", () => {
    expect(names(judge(moving(1_600_000), "stalled"))).not.toContain("slow-download");
  });
});

describe("GOPROXY lists that cannot help", () => {
  const B = "http://127.0.0.1:5000";
  const hung = (goproxy: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "stalled",
        ctx: ctx({ GOPROXY: goproxy }),
        trace: trace({
          outstanding: [req(`${P}/example.com/a/@v/v1.0.0.mod`, undefined)],
          stall: { atMs: 4000, idleMs: 3500, suspects: [{ kind: "http", url: `${P}/example.com/a/@v/v1.0.0.mod`, module: "example.com/a", version: "v1.0.0", idleMs: 3500 }] },
        }),
      }),
    );

  it("a hung first entry before '|' is still the blocker: '|' only moves on after an error", () => {
    const f = hung(`${P}|${B}`)[0]!;
    expect(f.name).toBe("proxy-blackholed");
    expect(f.severity).toBe("blocker");
    expect(f.why).toMatch(/'\|' after it in GOPROXY does not help/);
  });

  it("a 500 before `|off` is a blocker with nothing to fall through to", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P}|off` }),
        trace: trace({ errors: [goError(`go: example.com/b@v1.2.0: reading ${P}/example.com/b/@v/v1.2.0.mod: 500 Internal Server Error`, [], "example.com/b", "v1.2.0")] }),
      }),
    );
    expect(fs[0]!.name).toBe("proxy-server-error");
    expect(fs[0]!.severity).toBe("blocker");
    expect(fs[0]!.why).toMatch(/next GOPROXY entry is off/);
    expect(JSON.stringify(fs[0]!.fixes)).not.toMatch(/GOPROXY=.*\|/);
  });

  it("a 500 before '|' and a real entry stays a warning (go falls through)", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P}|${B}` }),
        trace: trace({ errors: [goError(`go: example.com/b@v1.2.0: reading ${P}/example.com/b/@v/v1.2.0.mod: 500 Internal Server Error`, [], "example.com/b", "v1.2.0")] }),
      }),
    );
    expect(fs.find((f) => f.name === "proxy-server-error")?.severity).toBe("warning");
  });
});

describe("certificates", () => {
  const tlsError = (url: string, text: string) =>
    diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ requests: [req(url, { error: `Get "${url}": tls: failed to verify certificate: ${text}` })] }) }));

  it("an address asked for by IP without an IP SAN is a wrong-name certificate, checked on its own port, with no second finding", () => {
    const fs = tlsError("https://127.0.0.1:38085/example.com/b/@v/v1.2.0.mod", "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs");
    expect(names(fs)).toEqual(["tls-invalid"]);
    expect(fs[0]!.fixes[0]!.commands[1]).toMatch(/^openssl s_client -connect 127\.0\.0\.1:38085 -servername 127\.0\.0\.1 /);
  });

  it("a zip redirected to a CDN whose certificate is bad names the CDN, not the proxy", () => {
    const proxyUrl = "https://goproxy.corp.test:35625/example.com/b/@v/v1.2.0.zip";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [
            req(proxyUrl, {
              error: 'Get "https://cdn.corp.test:43429/example.com/b/@v/v1.2.0.zip": tls: failed to verify certificate: x509: certificate is not valid for any names, but wanted to match cdn.corp.test',
            }),
          ],
        }),
      }),
    );
    expect(fs[0]!.title).toBe("The TLS certificate of cdn.corp.test is for another host name");
    expect(fs[0]!.why).toMatch(/goproxy\.corp\.test redirected the download there/);
    expect(fs[0]!.fixes[0]!.commands[1]).toMatch(/-connect cdn\.corp\.test:43429 /);
  });
});
