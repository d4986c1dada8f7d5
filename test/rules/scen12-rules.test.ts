// Rules over what real go printed against the scen12 servers: an https module
// proxy refusing the ~/.netrc entry go sent it, an entry whose scheme does not
// match what its port speaks (plain HTTP at https://, TLS at http://).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { TlsFacts } from "../../src/probes/types.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

const H = "https://goproxy.corp.test";
const names = (fs: Finding[]) => fs.map((f) => f.name);

describe("401 from an https module proxy", () => {
  const unauthorized = (netrc?: { hasHost: boolean; hasPassword: boolean }) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ errors: [goError(`go: example.com/a@v1.0.0: reading ${H}/example.com/a/@v/v1.0.0.mod: 401 Unauthorized`, [], "example.com/a", "v1.0.0")] }),
        probes: [goproxyProbe(endpoint(H, { failedStep: "http", ...(netrc ? { netrc: { file: "/home/dev/.netrc", ...netrc } } : {}) }))],
      }),
    );

  it("with a ~/.netrc entry for the host (go sent it): the credentials are refused, the fix corrects that entry, adds none", () => {
    const f = unauthorized({ hasHost: true, hasPassword: true })[0]!;
    expect(f.name).toBe("auth-failed");
    expect(f.title).toBe("goproxy.corp.test refuses the credentials (module proxy)");
    expect(f.evidence).toContain("~/.netrc has an entry for goproxy.corp.test with a password: it may be wrong, expired or lack read access");
    expect(f.fixes[0]!.summary).toMatch(/^Correct the existing `machine goproxy\.corp\.test` entry in \/home\/dev\/\.netrc/);
    expect(JSON.stringify(f.fixes)).not.toMatch(/>> ~\/\.netrc/);
  });

  it("with no entry for the host: credentials are needed, the fix adds one", () => {
    const f = unauthorized({ hasHost: false, hasPassword: false })[0]!;
    expect(f.title).toBe("goproxy.corp.test needs credentials (module proxy)");
    expect(f.fixes[0]!.commands[0]).toBe("printf 'machine goproxy.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc");
  });
});

describe("an https:// GOPROXY entry whose port speaks plain http", () => {
  const E = "https://127.0.0.1:4000";
  const plain = (goproxy: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: goproxy }),
        trace: trace({
          requests: [req(`${E}/example.com/a/@v/v1.0.0.mod`, { error: `Get "${E}/example.com/a/@v/v1.0.0.mod": http: server gave HTTP response to HTTPS client` })],
          errors: [goError(`go: example.com/a@v1.0.0: Get "${E}/example.com/a/@v/v1.0.0.mod": http: server gave HTTP response to HTTPS client`, [], "example.com/a", "v1.0.0")],
        }),
      }),
    );

  it("says so in the title, and the fix asks that entry over http://, keeping the rest of GOPROXY", () => {
    const f = plain(`${E}/,https://proxy.golang.org|direct`)[0]!;
    expect(f.name).toBe("proxy-bad-response");
    expect(f.title).toBe("The module proxy 127.0.0.1:4000 speaks plain http, but GOPROXY names it with https://");
    expect(f.evidence.join("\n")).toContain("server gave HTTP response to HTTPS client");
    expect(f.fixes[0]!.commands).toEqual([`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:4000/example.com/a/@v/v1.0.0.mod`]);
    expect(f.fixes[1]!.commands.join("\n")).toContain("GOPROXY='http://127.0.0.1:4000/,https://proxy.golang.org|direct'");
  });

  it("the http:// fix says what is true of it (go's web.Get): accepted without GOINSECURE, no ~/.netrc, URL credentials refused, nothing encrypted", () => {
    const caution = plain(`${E}/,off`)[0]!.fixes[1]!.caution!;
    expect(caution).toContain("accepts http:// GOPROXY entries (GOINSECURE plays no part");
    expect(caution).toContain("sends no ~/.netrc credentials");
    expect(caution).toContain("refuses credentials written in the URL");
    expect(caution).not.toMatch(/netrc credentials (?:would )?go in clear text/);
  });

  it("an entry with credentials in its URL is not moved to http://, where go would refuse to send them", () => {
    const f = plain(`https://ci:s3cret@127.0.0.1:4000/,off`).find((x) => x.title.includes("speaks plain http"))!;
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toMatch(/GOPROXY=.*http:\/\/ci:/);
    expect(f.fixes[1]!.summary).toContain("refusing to pass credentials to insecure URL");
  });
});

describe("an http:// GOPROXY entry whose port speaks TLS", () => {
  const at = (goproxy: string, base: string, tlsOnPort?: TlsFacts) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: goproxy }),
        trace: trace({
          requests: [req(`${base}/example.com/a/@v/v1.0.0.mod`, { error: `Get "${base}/example.com/a/@v/v1.0.0.mod": EOF` })],
          errors: [goError(`go: example.com/a@v1.0.0: Get "${base}/example.com/a/@v/v1.0.0.mod": EOF`, [], "example.com/a", "v1.0.0")],
        }),
        probes: [
          goproxyProbe(
            endpoint(base, {
              failedStep: "http",
              http: { ok: false, ms: 3, url: `${base}/example.com/a/@v/v1.0.0.info`, code: "SOCKET_CLOSED", message: "other side closed" },
              ...(tlsOnPort ? { tlsOnPort } : {}),
            }),
          ),
        ],
      }),
    );
  const handshake: TlsFacts = { ok: true, ms: 4, protocol: "TLSv1.3", subject: "CN=goproxy.corp.test", trust: "system", hostnameMatch: true };

  it("a completed handshake at that port: the scheme is wrong, not a proxy that resets; the fix asks it over https at the same port", () => {
    const fs = at("http://goproxy.corp.test,direct", "http://goproxy.corp.test", handshake);
    expect(fs[0]!.name).toBe("proxy-bad-response");
    expect(fs[0]!.title).toBe("The module proxy goproxy.corp.test speaks TLS (https), but GOPROXY names it with http://");
    expect(fs[0]!.evidence[0]).toBe("probe goproxy:http://goproxy.corp.test: a TLS handshake at port 80 completes (TLSv1.3, certificate for CN=goproxy.corp.test)");
    // No port in the entry: https:// alone would mean 443, so port 80 is written out.
    expect(fs[0]!.fixes[1]!.commands.join("\n")).toContain("GOPROXY=https://goproxy.corp.test:80,direct");
    expect(names(fs)).not.toContain("proxy-reset");
  });

  it("nginx's 400 for plain HTTP at its TLS port (go: `400 Bad Request`): the same finding, not an unexplained failure", () => {
    const B = "http://127.0.0.1:4000";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: B }),
        trace: trace({
          requests: [req(`${B}/example.com/a/@v/v1.0.0.mod`, { status: 400 })],
          errors: [goError(`go: example.com/a@v1.0.0: reading ${B}/example.com/a/@v/v1.0.0.mod: 400 Bad Request`, [], "example.com/a", "v1.0.0")],
        }),
        probes: [goproxyProbe(endpoint(B, { failedStep: "http", http: { ok: false, ms: 3, url: `${B}/example.com/a/@v/v1.0.0.info`, status: 400, code: "HTTP_400" }, tlsOnPort: handshake }))],
      }),
    );
    expect(fs[0]!.title).toBe("The module proxy 127.0.0.1:4000 speaks TLS (https), but GOPROXY names it with http://");
    expect(fs[0]!.evidence.join("\n")).toContain(`${B}/example.com/a/@v/v1.0.0.mod: 400`);
    expect(fs[0]!.fixes[1]!.commands.join("\n")).toContain("GOPROXY=https://127.0.0.1:4000");
    expect(names(fs)).not.toContain("unexplained-failure");
  });

  it("without the handshake (the port speaks no TLS either): still proxy-reset", () => {
    const fs = at("http://127.0.0.1:4000", "http://127.0.0.1:4000");
    expect(fs[0]!.name).toBe("proxy-reset");
  });
});
