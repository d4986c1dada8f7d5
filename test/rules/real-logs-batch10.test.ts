// Rules for the tenth batch of real logs (fixtures/logs): `go install
// MOD@VER` refusing a module with replace directives (GMD315), an https://
// proxy URL for a plain-HTTP proxy, `zip: checksum error`, a not-found
// pseudo-version (ask for the commit's valid one), expired certificates
// (Google's renew themselves; a third-party GOPROXY's do not), and the paste
// shapes that carried them (a `-json` object quoted after `output: {`, macOS's
// certificate wording, golangci-lint's `\n` escapes, inline CI timestamps).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands, summaries } from "./evidence/real-logs.js";
import { classifyNetText } from "../../src/rules/net-text.js";
import { JsonResultLines } from "../../src/trace/json-objects.js";
import type { Finding } from "../../src/report/schema.js";
import { goError } from "./evidence/base.js";

describe("batch 10 logs: the top finding and what it says", () => {
  const cases: [file: string, name: string, check: (top: Finding) => void][] = [
    ["tls-expired-goproxy-baidu-make-broken-line.log", "tls-invalid", (f) => {
      expect(f.title).toBe("The TLS certificate of goproxy.baidu.com is expired (or the clock is wrong)");
      expect(summaries(f)).toContain("Until goproxy.baidu.com renews it, fetch through another module proxy");
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org,direct");
    }],
    ["tls-expired-darwin-json-error-wycheproof.log", "tls-invalid", (f) => {
      expect(f.title).toBe("The TLS certificate of proxy.golang.org is expired (or the clock is wrong)");
      expect(summaries(f)).toContain("proxy.golang.org renews its certificate automatically: check this machine's clock");
      expect(summaries(f)).not.toContain("another module proxy");
    }],
    ["toolchain-not-available-golangci-escaped-newlines.log", "toolchain-unavailable", (f) => {
      expect(commands(f)).toContain("go mod edit -go=1.22.0");
    }],
    ["proxy-403-ruleengineerror-positioned-jfrog-cli.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org refuses the requests (403 ruleengineerror)");
      expect(f.why).toMatch(/a filtering proxy or firewall on the way answered/);
      expect(f.modules).toContain("github.com/xi2/xz");
    }],
    ["artifactory-404-incompatible-masked-credentials.log", "proxy-server-error", (f) => {
      expect(f.title).toContain("The private module proxy artsaas answers 404 for github.com/Azure/azure-sdk-for-go@v46.0.0+incompatible");
      expect(commands(f)).toContain("curl -sS https://proxy.golang.org/github.com/!azure/azure-sdk-for-go/@v/v46.0.0+incompatible.info");
    }],
    ["proxy-reset-goproxy-io-go114-no-url.log", "proxy-reset", (f) => {
      // go's error names no URL; the log's own `export GOPROXY=https://goproxy.io,direct` names the proxy.
      expect(f.title).toBe("Connections to the module proxy goproxy.io are cut mid-transfer");
      expect(f.evidence).toContain("the log sets GOPROXY=https://goproxy.io,direct");
      expect(f.modules).toContain("github.com/coreos/etcd");
    }],
    ["sumdb-reset-goproxy-io-prow-inline-times.log", "proxy-reset", (f) => {
      expect(f.title).toBe("Connections to the module proxy goproxy.io are cut mid-transfer");
      expect(commands(f)).toContain("https://goproxy.io/sumdb/sum.golang.org/tile/8/0/x040/747");
    }],
    ["go-install-replace-directives-amfora.log", "install-replace-directives", (f) => {
      expect(f.code).toBe("GMD315");
      expect(f.title).toBe("go install github.com/makew0rld/amfora@latest refuses github.com/makew0rld/amfora@v1.11.0: its go.mod has replace directives");
      expect(commands(f)).toContain("git clone --depth 1 --branch v1.11.0 https://github.com/makew0rld/amfora && cd amfora");
    }],
    ["proxy-410-invalid-pseudo-version-go112-cloudflare.log", "module-not-found", (f) => {
      expect(summaries(f)).toContain("is a pseudo-version of commit 9d24e82272b4");
      expect(commands(f)).toContain("go list -m golang.org/x/time@9d24e82272b4");
    }],
    ["zip-checksum-error-buildkit-tidy-k8s-release.log", "proxy-bad-response", (f) => {
      expect(f.title).toContain("The zip of github.com/pkg/errors@v0.9.1 is damaged (a file in it fails its checksum)");
      expect(commands(f)).toContain("go mod download -x github.com/pkg/errors@v0.9.1");
    }],
    ["proxyconnect-tls-first-record-go111-nsm.log", "http-proxy-dead", (f) => {
      expect(f.title).toBe("HTTPS_PROXY names the HTTP proxy with https://, but it speaks plain HTTP");
      expect(commands(f)).toContain('export HTTPS_PROXY="http://${HTTPS_PROXY#https://}"');
    }],
    ["proxyconnect-refused-docker-error-prefix-ginkgo.log", "http-proxy-dead", (f) => {
      expect(f.title).toBe("The HTTP proxy 127.0.0.1:3001 fails (refused)");
      expect(f.fixes[0]?.caution).toContain("inside a container or a docker build that is the container itself");
    }],
  ];

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
  });
});

describe("GMD315: go install MOD@VERSION refusing replace or exclude directives", () => {
  const refusal = (directives: string, indent = "\t") => [
    `${indent}The go.mod file for the module providing named packages contains one or`,
    `${indent}more ${directives} directives. It must not contain directives that would cause`,
    `${indent}it to be interpreted differently than if it were the main module.`,
  ];

  it("go1.16's bare form names the module and version after the package", () => {
    const f = diagnose([goError("go install example.org/tool/cmd/x@v0.2.0: example.org/tool@v0.2.0", refusal("exclude or replace"))])[0]!;
    expect(f.name).toBe("install-replace-directives");
    expect(f.title).toBe("go install example.org/tool/cmd/x@v0.2.0 refuses example.org/tool@v0.2.0: its go.mod has exclude or replace directives");
    // A vanity path: the repository URL is a guess, said so.
    expect(commands(f)).toContain("go install ./cmd/x");
    expect(f.fixes[0]?.caution).toContain("may not be the repository's URL");
  });

  it("a pasted form with spaces and lines broken elsewhere", () => {
    const f = diagnose([
      goError("go install: github.com/kubernetes/kompose@latest (in github.com/kubernetes/kompose@v1.26.1):", [
        "  The go.mod file for the module providing named packages contains one",
        "  or more replace directives. It must not contain directives that",
      ]),
    ])[0]!;
    expect(f.name).toBe("install-replace-directives");
    expect(f.modules).toEqual(["github.com/kubernetes/kompose"]);
    expect(f.fixes[0]?.caution).toBeUndefined();
  });

  it("look-alike: a module path mismatch under go install is not it", () => {
    const fs = diagnose([goError("go: github.com/a/b@latest: github.com/a/b@v1.0.0: parsing go.mod:", ["\tmodule declares its path as: b", "\t        but was required as: github.com/a/b"])]);
    expect(names(fs)).not.toContain("install-replace-directives");
  });
});

describe("an https:// proxy URL for a proxy that speaks plain HTTP", () => {
  const via = (tail: string) => goError(`go: example.org/lib@v1.0.0: Get "https://proxy.golang.org/example.org/lib/@v/v1.0.0.mod": proxyconnect tcp: ${tail}`, [], "example.org/lib", "v1.0.0");

  it("is named, with the URL to write", () => {
    const f = diagnose([via("tls: first record does not look like a TLS handshake")])[0]!;
    expect(f.name).toBe("http-proxy-dead");
    expect(f.title).toBe("HTTPS_PROXY names the HTTP proxy with https://, but it speaks plain HTTP");
    expect(f.why).toContain("should start with http://");
  });

  it("look-alike: a proxy that refuses connections keeps its own title", () => {
    const f = diagnose([via("dial tcp 10.1.2.3:3128: connect: connection refused")])[0]!;
    expect(f.title).toBe("The HTTP proxy 10.1.2.3:3128 fails (refused)");
  });
});

describe("a zip go cannot read", () => {
  it("`zip: checksum error` under an imports chain names the module and the version being downloaded", () => {
    const f = diagnose([goError("k8s.example/app imports", ["\texample.org/lib/sub: zip: checksum error"])], {}, [{ path: "example.org/lib", version: "v1.2.3" }])[0]!;
    expect(f.name).toBe("proxy-bad-response");
    expect(f.title).toContain("The zip of example.org/lib@v1.2.3 is damaged");
    expect(f.why).toContain("could not extract");
  });

  it("look-alike: `not a valid zip file` keeps its wording", () => {
    const f = diagnose([goError("example.org/lib: zip: not a valid zip file", [], "example.org/lib")])[0]!;
    expect(f.title).toContain("is not a zip file");
  });
});

describe("a pseudo-version not found", () => {
  const gone = (version: string) =>
    goError(`go: example.org/lib@${version}: reading https://proxy.golang.org/example.org/lib/@v/${version}.info: 410 Gone`, [], "example.org/lib", version);

  it("asks go for the commit's valid pseudo-version", () => {
    const f = diagnose([gone("v0.0.0-20190513212739-9d24e82272b4")])[0]!;
    expect(f.name).toBe("module-not-found");
    expect(commands(f)).toContain("go get example.org/lib@9d24e82272b4");
  });

  it("look-alike: a tagged version gets no commit to ask for", () => {
    const f = diagnose([gone("v1.2.3")])[0]!;
    expect(summaries(f)).not.toContain("pseudo-version");
  });
});

describe("expired certificates", () => {
  it("macOS's wording is an expired certificate", () => {
    expect(classifyNetText("x509: “misc-sni.google.com” certificate is expired")?.failure).toBe("tls-expired");
    expect(classifyNetText('x509: "proxy.example.net" certificate is not yet valid')?.failure).toBe("tls-expired");
  });
});

describe("a `go mod download -json` object quoted after a label", () => {
  it("opens at the end of the line that quotes it", () => {
    const r = new JsonResultLines();
    expect(r.take("failed to run `go mod download -json m@v`, output: {", 0)).toEqual([]);
    expect(r.take('\t"Path": "example.org/lib",', 0)).toEqual([]);
    expect(r.take('\t"Error": "boom"', 0)).toEqual([]);
    expect(r.take("}", 0)).toEqual([{ t: 0, kind: "module-result", module: "example.org/lib", version: "", error: "boom" }]);
  });

  it("look-alike: Go code ending in `{` is no object", () => {
    expect(new JsonResultLines().take("func main() {", 0)).toBeUndefined();
    expect(new JsonResultLines().take("if err != nil {", 0)).toBeUndefined();
    expect(new JsonResultLines().take("\tserver response: {", 0)).toBeUndefined();
  });
});
