// Rules over go errors taken from public threads (fixtures/logs and its
// parser-gaps/), built as the trace parser hands them over, plus the look-alike
// cases each rule must tell apart.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

function diagnose(...errors: ReturnType<typeof goError>[]): Finding[] {
  return diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors }) }));
}

const codes = (fs: Finding[]) => fs.map((f) => f.code);
const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands).join("\n");

describe("lines of fixtures/logs/parser-gaps, once the parser reads them", () => {
  it("invalid GOSUMDB behind a positional prefix (openimsdk/open-im-server#1875)", () => {
    const fs = diagnose(goError("github.com/OpenIMSDK/protocol@v0.0.47: verifying go.mod: invalid GOSUMDB: malformed verifier id", [], "github.com/OpenIMSDK/protocol", "v0.0.47"));
    expect(codes(fs)[0]).toBe("GMD504");
  });

  it("a GOPROXY with no entries (haikuports/haikuports#14745)", () => {
    expect(codes(diagnose(goError("GOPROXY list is not the empty string, but contains no entries")))[0]).toBe("GMD503");
  });

  it("a CI's GOPROXY host that does not resolve (pingcap/tidb#17998)", () => {
    const fs = diagnose(
      goError(
        "google.golang.org/grpc@v1.26.0: Get https://goproxy.onetool.net/google.golang.org/grpc/@v/v1.26.0.zip: dial tcp: lookup goproxy.onetool.net on 10.233.0.10:53: no such host",
        [],
        "google.golang.org/grpc",
        "v1.26.0",
      ),
    );
    expect(codes(fs)[0]).toBe("GMD101");
    expect(fs[0]!.title).toContain("goproxy.onetool.net");
  });

  it("a reset named with go's path-cleaned zip URL (qax-os/excelize#1568, line joined)", () => {
    const fs = diagnose(
      goError(
        'github.com/xuri/excelize/v2: github.com/xuri/excelize/v2@v2.7.1: read "https:/proxy.golang.org/@v/v2.7.1.zip": read tcp <redacted>:46292->142.250.189.209:443: read: connection reset by peer',
        [],
        "github.com/xuri/excelize/v2",
        "v2.7.1",
      ),
    );
    expect(codes(fs)[0]).toBe("GMD111");
    expect(fs[0]!.title).toContain("proxy.golang.org");
  });

  it("resets on the proxy's checksum-database path are the proxy's (goproxyio/goproxy#204)", () => {
    const fs = diagnose(
      goError(
        'golang.org/x/sys@v0.0.0-20220502124256-b6088ccd6cba: verifying go.mod: golang.org/x/sys@v0.0.0-20220502124256-b6088ccd6cba/go.mod: Get "https://goproxy.io/sumdb/sum.golang.org/tile/8/0/x040/747": read tcp 10.233.80.183:60104->119.28.201.50:443: read: connection reset by peer',
        [],
        "golang.org/x/sys",
        "v0.0.0-20220502124256-b6088ccd6cba",
      ),
    );
    expect(codes(fs)[0]).toBe("GMD111");
    expect(fs[0]!.title).toContain("goproxy.io");
    expect(codes(fs)).not.toContain("GMD202");
  });
});

describe("a proxy quoting its own failure is not this machine's", () => {
  const fs = diagnose(
    goError(
      "go: github.com/minio/madmin-go@v1.1.6: reading https://goproxy.io/github.com/minio/madmin-go/@v/v1.1.6.mod: 404 Not Found",
      ["\tserver response: not found: github.com/minio/madmin-go@v1.1.6: no space left on device"],
      "github.com/minio/madmin-go",
      "v1.1.6",
    ),
  );

  it("names the proxy's fault, not a local full disk nor a missing module", () => {
    expect(codes(fs)[0]).toBe("GMD104");
    expect(fs[0]!.title).toContain("no space left on device");
    expect(codes(fs)).not.toContain("GMD403");
    expect(codes(fs)).not.toContain("GMD307");
    expect(commands(fs[0])).not.toMatch(/go clean -modcache/);
  });

  it("a local write that fails for space is still the local disk", () => {
    const local = diagnose(
      goError(
        'go: golang.org/x/net@v0.10.0: read "https:/proxy.golang.org/@v/v0.10.0.zip": write /go/pkg/mod/cache/download/golang.org/x/net/@v/v0.10.0.zip422422786.tmp: no space left on device',
        [],
        "golang.org/x/net",
        "v0.10.0",
      ),
    );
    expect(codes(local)[0]).toBe("GMD403");
  });
});

describe("reset, refused and blackholed are told apart", () => {
  const url = "https://proxy.corp.test/example.com/a/@v/v1.0.0.zip";
  const at = (tail: string) => diagnose(goError(`go: example.com/a@v1.0.0: Get "${url}": ${tail}`, [], "example.com/a", "v1.0.0"));

  it("a reset mid-read", () => {
    const fs = at("read tcp 10.0.0.2:40000->10.0.0.9:443: read: connection reset by peer");
    expect(codes(fs)[0]).toBe("GMD111");
    expect(codes(fs)).not.toContain("GMD102");
    expect(codes(fs)).not.toContain("GMD103");
    expect(fs[0]!.title).toMatch(/cut mid-transfer/);
  });

  it("a body that ends early (unexpected EOF) is the same cut", () => {
    expect(codes(at("unexpected EOF"))[0]).toBe("GMD111");
  });

  it("a refusal at connect time", () => {
    const fs = at("dial tcp 10.0.0.9:443: connect: connection refused");
    expect(codes(fs)[0]).toBe("GMD102");
    expect(codes(fs)).not.toContain("GMD111");
  });

  it("silence", () => {
    const fs = at("dial tcp 10.0.0.9:443: i/o timeout");
    expect(codes(fs)[0]).toBe("GMD103");
    expect(codes(fs)).not.toContain("GMD111");
  });

  it("a reset on the way to an HTTP proxy is the HTTP proxy's", () => {
    const fs = at("proxyconnect tcp: read tcp 10.0.0.2:40000->10.0.0.1:3128: read: connection reset by peer");
    expect(codes(fs)[0]).toBe("GMD107");
    expect(codes(fs)).not.toContain("GMD111");
  });
});

describe("the checksum database through a proxy", () => {
  const supported = (status: string, body: string) =>
    diagnose(
      goError(
        `go: go.yaml.in/yaml/v3@v3.0.4: verifying go.mod: go.yaml.in/yaml/v3@v3.0.4/go.mod: reading https://repo.corp.test/go/remote/sumdb/sum.golang.org/supported: ${status}`,
        [`\tserver response: ${body}`],
        "go.yaml.in/yaml/v3",
        "v3.0.4",
      ),
    );

  it("a 400 to /supported makes the database unavailable; the fix keeps verification on", () => {
    const fs = supported("400 Bad Request", "Invalid GOPROXY path: missing /@v/ or /@latest");
    expect(codes(fs)[0]).toBe("GMD202");
    expect(fs[0]!.title).toContain("repo.corp.test");
    const all = commands(fs[0]);
    expect(all).toContain("go env -w GOSUMDB='sum.golang.org https://sum.golang.org'");
    expect(all).not.toMatch(/GOSUMDB=off|GONOSUMDB|GOINSECURE/);
  });

  it("401/403 to /supported is a credentials problem, not the database's", () => {
    const fs = supported("403 Forbidden", "forbidden");
    expect(codes(fs)).not.toContain("GMD202");
  });

  it("a 410 lookup through the public proxy is a private module, not a broken database", () => {
    const fs = diagnose(
      goError(
        "go: git.corp.test/team/lib@v1.2.0: verifying module: git.corp.test/team/lib@v1.2.0: reading https://proxy.golang.org/sumdb/sum.golang.org/lookup/git.corp.test/team/lib@v1.2.0: 410 Gone",
        ["\tserver response: not found: git.corp.test/team/lib@v1.2.0: unrecognized import path \"git.corp.test/team/lib\""],
        "git.corp.test/team/lib",
        "v1.2.0",
      ),
    );
    expect(codes(fs)[0]).toBe("GMD201");
    expect(codes(fs)).not.toContain("GMD202");
  });
});

describe("git says the repository does not exist", () => {
  it("from this machine's git: module-not-found, with the requirement to trace", () => {
    const fs = diagnose(
      goError(
        "go: github.com/agentable/go-i18n@v0.1.3: invalid version: git ls-remote -q --end-of-options origin in /home/u/go/pkg/mod/cache/vcs/1efd: exit status 128:",
        ["\tremote: Repository not found.", "\tfatal: repository 'https://github.com/agentable/go-i18n/' not found"],
        "github.com/agentable/go-i18n",
        "v0.1.3",
      ),
    );
    expect(codes(fs)[0]).toBe("GMD307");
    expect(fs[0]!.title).toContain("repository not found");
    expect(commands(fs[0])).toContain("go mod why -m github.com/agentable/go-i18n");
  });

  it("without credentials git asks instead, which is auth-failed", () => {
    const fs = diagnose(
      goError(
        "go: github.com/acme/secret@v0.1.9: invalid version: git ls-remote -q --end-of-options origin in /home/u/go/pkg/mod/cache/vcs/ed27: exit status 128:",
        ["\tfatal: could not read Username for 'https://github.com': terminal prompts disabled"],
        "github.com/acme/secret",
        "v0.1.9",
      ),
    );
    expect(codes(fs)[0]).toBe("GMD302");
    expect(codes(fs)).not.toContain("GMD307");
  });
});

describe("settings and vanity hosts", () => {
  it("missing GOSUMDB is a GOSUMDB setting to fix (vernemq/vmq-operator#53)", () => {
    const fs = diagnose(goError("go: sigs.k8s.io/controller-tools/cmd/controller-gen@v0.9.2: sigs.k8s.io/controller-tools@v0.9.2: verifying module: missing GOSUMDB"));
    expect(codes(fs)[0]).toBe("GMD504");
  });

  it("a public vanity host failing 5xx: fetch through the module proxy instead", () => {
    const fs = diagnose(goError('go: gopkg.in/evanphx/json-patch.v4@v4.13.0: unrecognized import path "gopkg.in/evanphx/json-patch.v4": reading https://gopkg.in/evanphx/json-patch.v4?go-get=1: 502 Proxy Error'));
    expect(codes(fs)[0]).toBe("GMD306");
    expect(commands(fs[0])).toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
  });

  it("a page that came without a go-import tag: the host answered and names no repository (not 'cannot be fetched'); the URL go used is quoted", () => {
    const fs = diagnose(goError('go: git.corp.test/r@v1.0.0: unrecognized import path "git.corp.test/r": parse http://git.corp.test/r?go-get=1: no go-import meta tags ()'));
    expect(codes(fs)[0]).toBe("GMD306");
    expect(fs[0]!.title).toBe("git.corp.test serves no go-import meta tag for git.corp.test/r");
    expect(fs[0]!.why).toMatch(/^The go command asks http:\/\/git\.corp\.test\/r\?go-get=1 which repository holds the module, and git\.corp\.test answers, but its page names no repository/);
    expect(commands(fs[0])).toContain("curl -sS 'http://git.corp.test/r?go-get=1' | grep -i go-import");
  });

  it("a private host's go-import page failing: no public proxy suggested", () => {
    const fs = diagnose(goError('go: git.corp.test/team/lib@v1.0.0: unrecognized import path "git.corp.test/team/lib": reading https://git.corp.test/team/lib?go-get=1: 503 Service Unavailable'));
    expect(codes(fs)[0]).toBe("GMD306");
    expect(commands(fs[0])).not.toContain("proxy.golang.org");
  });

  it("an expired certificate on a vanity host explains the go-import failure", () => {
    const fs = diagnose(
      goError('go get mvdan.cc/gofumpt: unrecognized import path "mvdan.cc/gofumpt": https fetch: Get "https://mvdan.cc/gofumpt?go-get=1": x509: certificate has expired or is not yet valid: current time 2021-01-06T11:46:16Z is after 2021-01-06T11:32:18Z'),
    );
    expect(codes(fs)[0]).toBe("GMD110");
    expect(codes(fs)).not.toContain("GMD306");
    expect(fs[0]!.explains).toContain("GMD306");
  });
});

describe("credentials over plain http", () => {
  it("names GMD507 for go's refusal, told apart from an auth failure", () => {
    const summary = trace({
      errors: [goError("go: example.com/a@v1.0.0: refusing to pass credentials to insecure URL: http://***@127.0.0.1:8080/example.com/a/@v/v1.0.0.mod", [], "example.com/a", "v1.0.0")],
      timed: false,
    });
    const findings = diagnoseEvidence({ outcome: "analyzed", trace: summary, probes: [] });
    expect(findings[0]?.name).toBe("insecure-credentials");
    expect(findings.map((f) => f.name)).not.toContain("auth-failed");
  });
});

describe("two proxies on one host, told apart by their ports", () => {
  it("names the refusing proxy with its port, and the curl fix asks that proxy's base URL", () => {
    const refusing = "http://127.0.0.1:9";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: `${refusing}/mod,http://127.0.0.1:8080` }),
        trace: trace({
          errors: [
            goError(
              `go: example.com/a@v1.0.0: Get "${refusing}/mod/example.com/a/@v/v1.0.0.mod": dial tcp 127.0.0.1:9: connect: connection refused`,
              [],
              "example.com/a",
              "v1.0.0",
            ),
          ],
        }),
      }),
    );
    expect(fs[0]!.code).toBe("GMD102");
    expect(fs[0]!.title).toBe("The module proxy 127.0.0.1:9 refuses connections");
    expect(commands(fs[0])).toContain(`curl -sS -o /dev/null -w '%{http_code}\\n' ${refusing}/mod/`);
  });
});

describe("two failing proxies on one host", () => {
  it("get a finding each, named by port, each with its own evidence", () => {
    const fail = (port: number, tail: string) =>
      goError(`go: example.com/a@v1.0.0: Get "http://127.0.0.1:${port}/example.com/a/@v/v1.0.0.mod": ${tail}`, [], "example.com/a", "v1.0.0");
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "http://127.0.0.1:9|http://127.0.0.1:10" }),
        trace: trace({ errors: [fail(9, "dial tcp 127.0.0.1:9: connect: connection refused"), fail(10, "dial tcp 127.0.0.1:10: i/o timeout")] }),
      }),
    );
    const refused = fs.find((f) => f.code === "GMD102");
    const silent = fs.find((f) => f.code === "GMD103");
    expect(refused?.title).toBe("The module proxy 127.0.0.1:9 refuses connections");
    expect(silent?.title).toBe("The module proxy 127.0.0.1:10 does not answer");
    expect(refused?.evidence.join("\n")).not.toContain("127.0.0.1:10");
    expect(silent?.evidence.join("\n")).not.toContain("127.0.0.1:9/");
  });
});
