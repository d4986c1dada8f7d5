// Rules over what real go printed against servers misbehaving in ways the
// first fixtures did not (a run ended by --timeout while still moving, '|'
// lists that cannot help, certificates asked for by IP, a redirect to a CDN
// with a bad certificate), each with the look-alike it must be told apart from.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding, ModuleState } from "../../src/report/schema.js";
import { ctx, evidence, goError, httpProxyProbe, req, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

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
    expect(fs[0]!.severity).toBe("blocker");
    expect(fs[0]!.fixes[0]!.commands).toEqual(["gomod-doctor diagnose --timeout 60"]);
    expect(names(fs)).not.toContain("unexplained-stall");
  });

  it("a body past the largest zip go accepts has no end, with a curl to see it", () => {
    const fs = judge(moving(600 * 1024 * 1024));
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

  it("a 500 before '|' and a real entry stays a warning when go's error is the next entry's (go fell through)", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P}|${B}` }),
        trace: trace({
          requests: [req(`${P}/example.com/b/@v/v1.2.0.mod`, { status: 500 }), req(`${B}/example.com/b/@v/v1.2.0.mod`, { status: 502 })],
          errors: [goError(`go: example.com/b@v1.2.0: reading ${B}/example.com/b/@v/v1.2.0.mod: 502 Bad Gateway`, [], "example.com/b", "v1.2.0")],
        }),
      }),
    );
    expect(fs.find((f) => f.title.startsWith("The module proxy 127.0.0.1:4000 "))?.severity).toBe("warning");
  });

  it("a 500 before '|' that go's error still names is a blocker: the next entry answered 404, which go ranks below the 500", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P}|${B}` }),
        trace: trace({
          requests: [req(`${P}/example.com/b/@v/v1.2.0.mod`, { status: 500 }), req(`${B}/example.com/b/@v/v1.2.0.mod`, { status: 404 })],
          errors: [goError(`go: example.com/b@v1.2.0: reading ${P}/example.com/b/@v/v1.2.0.mod: 500 Internal Server Error`, [], "example.com/b", "v1.2.0")],
        }),
      }),
    );
    const f = fs.find((x) => x.name === "proxy-server-error");
    expect(f?.severity).toBe("blocker");
    expect(f?.why).toMatch(/did not serve example\.com\/b either \(404\)/);
    expect(f?.evidence).toContain(`# get ${B}/example.com/b/@v/v1.2.0.mod: 404`);
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

describe("a direct module's repository host (GMD309)", () => {
  const lsRemote = (fatal: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ errors: [goError("go: git.corp.test/team/lib@v1.2.0: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/abc: exit status 128:", [`\tfatal: ${fatal}`], "git.corp.test/team/lib", "v1.2.0")] }),
      }),
    );

  it("git's own `Failed to connect ... Connection refused` is the repository host refusing, with git ls-remote to check", () => {
    const f = lsRemote("unable to access 'https://git.corp.test/team/lib.git/': Failed to connect to git.corp.test port 443 after 2 ms: Connection refused")[0]!;
    expect(f.code).toBe("GMD309");
    expect(f.title).toBe("The repository host git.corp.test cannot be reached: connections are refused");
    expect(f.modules).toEqual(["git.corp.test/team/lib"]);
    expect(f.fixes[0]!.commands).toEqual(["git ls-remote https://git.corp.test/team/lib.git/"]);
  });

  it("a 5xx from git over http is the host's git service failing", () => {
    const f = lsRemote("unable to access 'https://git.corp.test/team/lib.git/': The requested URL returned error: 502")[0]!;
    expect(f.title).toBe("The repository host git.corp.test answers with a server error (502)");
  });

  it("a go request to a repository URL (.git) is the repository's, not a module proxy's", () => {
    const fs = diagnoseEvidence(
      evidence({ outcome: "failed", trace: trace({ requests: [req("http://git.corp.test:1/r.git", { error: 'Get "http://git.corp.test:1/r.git": dial tcp 127.0.0.1:1: connect: connection refused' })] }) }),
    );
    expect(fs[0]!.code).toBe("GMD309");
    expect(names(fs)).not.toContain("proxy-refused");
  });

  it("credentials refused stay auth-failed, not an unreachable host", () => {
    expect(names(lsRemote("Authentication failed for 'https://git.corp.test/team/lib.git/'"))).not.toContain("repo-unreachable");
  });
});

describe("a proxy that knows a version but has no zip for it", () => {
  const run = (modStatus: number) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: modStatus }), req(`${P}/example.com/a/@v/v1.0.0.zip`, { status: 404 })],
          errors: [goError(`go: example.com/a@v1.0.0: reading ${P}/example.com/a/@v/v1.0.0.zip: 404 Not Found`, ["\tserver response: not found: example.com/a@v1.0.0: unrecognized import path"], "example.com/a", "v1.0.0")],
        }),
      }),
    );

  it("after a 200 for its .mod, a 404 zip is the proxy's missing file, not a private or missing module", () => {
    const fs = run(200);
    expect(fs[0]!.title).toBe("The module proxy 127.0.0.1:4000 serves example.com/a@v1.0.0's go.mod but not its zip (404)");
    expect(names(fs)).not.toContain("private-not-in-goprivate");
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("when the .mod was not served either, it is not this finding", () => {
    expect(run(404).some((f) => /but not its zip/.test(f.title))).toBe(false);
  });
});

describe("403 and 401 from a company proxy", () => {
  const forbidden = (others: number) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [req(`${P}/example.com/a/@v/v1.0.0.mod`, { status: others }), req(`${P}/example.com/b/@v/v1.2.0.mod`, { status: 403 })],
          errors: [goError(`go: example.com/b@v1.2.0: reading ${P}/example.com/b/@v/v1.2.0.mod: 403 Forbidden`, ["\tserver response: Forbidden: module blocked by policy (license)"], "example.com/b", "v1.2.0")],
        }),
      }),
    );

  it("a 403 for one module from a proxy that served the others is its policy, quoted, not the login", () => {
    const fs = forbidden(200);
    expect(fs[0]!.title).toBe("The module proxy 127.0.0.1:4000 forbids example.com/b@v1.2.0 (403 Forbidden)");
    expect(fs[0]!.why).toMatch(/It says: "Forbidden: module blocked by policy \(license\)"/);
    expect(names(fs)).not.toContain("auth-failed");
  });

  it("a 403 with nothing served is still about credentials", () => {
    expect(forbidden(403)[0]!.name).toBe("auth-failed");
  });

  const unauthorized = (base: string) =>
    diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: reading ${base}/example.com/a/@v/v1.0.0.mod: 401 Unauthorized`, [], "example.com/a", "v1.0.0")] }) }));

  it("a 401 over plain http: ~/.netrc cannot help (go sends it only over https)", () => {
    const f = unauthorized(P)[0]!;
    expect(f.name).toBe("auth-failed");
    expect(f.why).toMatch(/only over https/);
    expect(JSON.stringify(f.fixes)).not.toMatch(/>> ~\/\.netrc/);
  });

  it("a 401 over https gets the ~/.netrc line", () => {
    expect(JSON.stringify(unauthorized("https://goproxy.corp.test")[0]!.fixes)).toMatch(/machine goproxy\.corp\.test login/);
  });
});

describe("a note explains no real symptom", () => {
  it("a dead HTTPS_PROXY that the proxy's requests bypass (info) does not hide the proxy's 503", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ errors: [goError("go: example.com/a@v1.0.0: reading https://goproxy.corp.test/example.com/a/@v/v1.0.0.mod: 503 Service Unavailable", [], "example.com/a", "v1.0.0")] }),
        probes: [
          httpProxyProbe(
            { variable: "HTTPS_PROXY", url: "http://127.0.0.1:9", noProxy: "corp.test", routes: [{ endpoint: "https://goproxy.corp.test", proxied: false }], tcp: { ok: false, ms: 1, port: 9, code: "ECONNREFUSED" } },
            "fail",
          ),
        ],
      }),
    );
    expect(fs.find((f) => f.name === "http-proxy-dead")?.severity).toBe("info");
    expect(fs[0]!.name).toBe("proxy-server-error");
  });
});

describe("git fetches that stop, and go-import pages that hang", () => {
  const stalled = (suspect: Record<string, unknown>) =>
    diagnoseEvidence(evidence({ outcome: "stalled", trace: trace({ stall: { atMs: 4000, idleMs: 3000, suspects: [{ kind: "vcs", idleMs: 3000, ...suspect } as never] } }) }));

  it("a pack that stopped arriving names the repository and how much came, not an unexplained stall", () => {
    const fs = stalled({ command: "git fetch -f origin", repo: "http://git.corp.test/r.git", bytes: 196_608 });
    expect(fs[0]!.code).toBe("GMD309");
    expect(fs[0]!.title).toBe("git's fetch from http://git.corp.test/r.git stopped after 192 KiB");
    expect(names(fs)).not.toContain("unexplained-stall");
  });

  it("a silent ssh fetch with nothing received is left to the prompt rules (it may wait on one)", () => {
    expect(stalled({ command: "git ls-remote -q origin", repo: "ssh://git@git.corp.test/r.git" }).some((f) => f.code === "GMD309")).toBe(false);
  });

  it("the go-import request that hung is named as go made it (http:// for a GOINSECURE host)", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "stalled",
        trace: trace({
          errors: [],
          stall: { atMs: 4000, idleMs: 3200, suspects: [{ kind: "http", module: "git.corp.test/r", url: "http://git.corp.test/r?go-get=1", idleMs: 3200 }] },
        }),
        probes: [vcsProbe(vcsFacts("git.corp.test", { modules: ["git.corp.test/r"], goImport: { ok: false, ms: 2000, code: "TIMEOUT" } as never }), "fail")],
      }),
    );
    const f = fs.find((x) => x.name === "go-import-failed")!;
    expect(f.why).toMatch(/asks http:\/\/git\.corp\.test\/r\?go-get=1 .* got no answer/);
    expect(f.fixes[0]!.commands[0]).toBe("curl -sS 'http://git.corp.test/r?go-get=1' | grep -i go-import");
  });
});

describe("HTTP proxies that hang or refuse credentials", () => {
  const viaProxy = (url: string, connect: Record<string, unknown>) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        probes: [
          httpProxyProbe(
            { variable: "HTTPS_PROXY", url, noProxy: "", routes: [{ endpoint: "https://goproxy.corp.test", proxied: true }], tcp: { ok: true, ms: 1, port: 3128 }, connect: { ok: false, ms: 2400, target: "goproxy.corp.test:443", ...connect } },
            "fail",
          ),
        ],
      }),
    );

  it("a CONNECT that never gets an answer is the proxy hanging, not a missing NO_PROXY entry", () => {
    const fs = viaProxy("http://127.0.0.1:3128", { code: "TIMEOUT" });
    expect(fs[0]!.name).toBe("http-proxy-dead");
    expect(fs[0]!.title).toMatch(/never answers CONNECT/);
    expect(names(fs)).not.toContain("no-proxy-missing");
  });

  it("a 502 to CONNECT for an internal host is still NO_PROXY's", () => {
    expect(viaProxy("http://127.0.0.1:3128", { status: 502 })[0]!.name).toBe("no-proxy-missing");
  });

  it("407 with credentials in the URL says they were refused", () => {
    const f = viaProxy("http://***@127.0.0.1:3128", { status: 407 })[0]!;
    expect(f.title).toMatch(/refuses the credentials in the URL/);
    expect(f.fixes[0]!.summary).toMatch(/refused the user and password/);
  });
});

describe("a ',' list that stops at a dead first entry", () => {
  it("offers '|' to go on to the next entry", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${P},http://127.0.0.1:5000` }),
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: Get "${P}/example.com/a/@v/v1.0.0.mod": dial tcp 127.0.0.1:4000: connect: connection refused`, [], "example.com/a", "v1.0.0")] }),
      }),
    );
    expect(fs[0]!.name).toBe("proxy-refused");
    expect(fs[0]!.fixes.flatMap((f) => f.commands)).toContain(`GOPROXY='${P}|http://127.0.0.1:5000' go mod download`);
  });
});

describe("a proxy's .info for another version", () => {
  it("says the proxy sent the wrong version, not that it is a captive portal", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [req(`${P}/example.com/a/@v/v1.0.0.info`, { status: 200 })],
          errors: [goError("go: example.com/a@v1.0.0: proxy returned info for version v9.9.9 instead of requested version", [], "example.com/a", "v1.0.0")],
        }),
      }),
    );
    expect(fs[0]!.title).toMatch(/sent something else for example\.com\/a@v1\.0\.0: the \.info it sent is for another version/);
  });
});
