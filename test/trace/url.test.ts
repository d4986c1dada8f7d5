import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeRequestUrl } from "../../src/trace/url.js";
import { escapeModulePath, escapeVersion } from "../../src/util/modpath.js";

describe("decodeRequestUrl", () => {
  it("module proxy files, lists and @latest, with case-encoding undone", () => {
    expect(decodeRequestUrl("https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.zip")).toEqual({
      kind: "zip",
      module: "github.com/BurntSushi/toml",
      version: "v1.2.0",
      base: "https://proxy.golang.org",
    });
    expect(decodeRequestUrl("http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod")).toEqual({ kind: "mod", module: "example.com/b", version: "v1.2.0", base: "http://127.0.0.1:18080" });
    expect(decodeRequestUrl("https://proxy.golang.org/example.com/b/@v/v1.0.0-!r!c1.info")).toMatchObject({ kind: "info", version: "v1.0.0-RC1" });
    expect(decodeRequestUrl("https://proxy.golang.org/example.com/b/@v/list")).toEqual({ kind: "list", module: "example.com/b", base: "https://proxy.golang.org" });
    expect(decodeRequestUrl("https://proxy.golang.org/example.com/b/@latest")).toEqual({ kind: "latest", module: "example.com/b", base: "https://proxy.golang.org" });
    expect(decodeRequestUrl("https://proxy.golang.org/github.com/%21dreamacro/clash/@v/v1.3.0.mod")).toMatchObject({ module: "github.com/Dreamacro/clash" });
    expect(decodeRequestUrl("https://goproxy.cn/github.com/natefinch/lumberjack/@v/v2.0.0+incompatible.mod")).toMatchObject({ version: "v2.0.0+incompatible" });
  });

  it("proxies with a path, by heuristic and by the GOPROXY list", () => {
    expect(decodeRequestUrl("https://artifactory.corp/api/go/golang-remote/github.com/x/y/@v/v1.0.0.mod")).toEqual({
      kind: "mod",
      module: "github.com/x/y",
      version: "v1.0.0",
      base: "https://artifactory.corp/api/go/golang-remote",
    });
    expect(decodeRequestUrl("http://127.0.0.1:18080/nope/example.com/a/@v/v1.0.0.mod")).toMatchObject({ module: "example.com/a", base: "http://127.0.0.1:18080/nope" });
    // A path element that looks like a host name needs the GOPROXY entry to settle it.
    const url = "https://nexus.corp/repository/go.proxy/k8s.io/api/@v/list";
    expect(decodeRequestUrl(url)).toMatchObject({ module: "go.proxy/k8s.io/api" });
    expect(decodeRequestUrl(url, ["https://nexus.corp/repository/go.proxy"])).toMatchObject({ module: "k8s.io/api", base: "https://nexus.corp/repository/go.proxy" });
  });

  it("toolchain downloads", () => {
    expect(decodeRequestUrl("https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.22.0.linux-amd64.zip")).toEqual({
      kind: "toolchain",
      module: "golang.org/toolchain",
      version: "v0.0.1-go1.22.0.linux-amd64",
      base: "https://proxy.golang.org",
    });
    expect(decodeRequestUrl("https://proxy.golang.org/golang.org/toolchain/@v/list")).toMatchObject({ kind: "toolchain" });
  });

  it("checksum database, through a proxy and direct", () => {
    expect(decodeRequestUrl("https://goproxy.corp/sumdb/sum.golang.org/supported")).toEqual({ kind: "sumdb-supported", base: "https://goproxy.corp", sumdb: "sum.golang.org" });
    expect(decodeRequestUrl("https://art.corp/api/go/remote/sumdb/sum.golang.org/lookup/github.com/!burnt!sushi/toml@v1.2.0")).toEqual({
      kind: "sumdb",
      base: "https://art.corp/api/go/remote",
      sumdb: "sum.golang.org",
      module: "github.com/BurntSushi/toml",
      version: "v1.2.0",
    });
    expect(decodeRequestUrl("https://sum.golang.org/lookup/corp.example.com/x@v1.0.0")).toEqual({ kind: "sumdb", base: "https://sum.golang.org", sumdb: "sum.golang.org", module: "corp.example.com/x", version: "v1.0.0" });
    expect(decodeRequestUrl("https://sum.golang.org/tile/8/0/x093/271.p/21")).toEqual({ kind: "sumdb", base: "https://sum.golang.org", sumdb: "sum.golang.org" });
    expect(decodeRequestUrl("https://sumdb.corp.example/lookup/corp.example.com/x@v1.0.0")).toEqual({ kind: "sumdb", base: "https://sumdb.corp.example", module: "corp.example.com/x", version: "v1.0.0" });
    expect(decodeRequestUrl("https://sum.golang.org/latest")).toEqual({ kind: "sumdb", base: "https://sum.golang.org", sumdb: "sum.golang.org" });
  });

  it("go-import lookups and anything else", () => {
    expect(decodeRequestUrl("https://git.corp.test/r?go-get=1")).toEqual({ kind: "go-import", module: "git.corp.test/r", base: "https://git.corp.test" });
    expect(decodeRequestUrl("https://cyphar.com/go-pathrs/sub?go-get=1")).toMatchObject({ kind: "go-import", module: "cyphar.com/go-pathrs/sub" });
    expect(decodeRequestUrl("https://example.com/")).toEqual({ kind: "other", base: "https://example.com" });
    expect(decodeRequestUrl("not a url")).toEqual({ kind: "other" });
    expect(decodeRequestUrl("")).toEqual({ kind: "other" });
  });

  it("keeps a user name but never a password in the base", () => {
    expect(decodeRequestUrl("https://bob:s3cret@goproxy.corp/example.com/a/@v/list").base).toBe("https://bob:xxxxx@goproxy.corp");
  });
});

const lowerSeg = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._~-]{0,11}$/);
const host = fc.tuple(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,9}$/), fc.stringMatching(/^[a-z]{2,6}$/)).map(([a, b]) => `${a}.${b}`);
const modulePath = fc.tuple(host, fc.array(lowerSeg, { maxLength: 4 })).map(([h, rest]) => [h, ...rest].join("/"));
const version = fc.stringMatching(/^v[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(-[a-zA-Z0-9.]{1,10})?$/);

describe("decodeRequestUrl properties", () => {
  it("round-trips escapeModulePath for any module path and version, with any proxy base", () => {
    const base = fc.constantFrom("https://proxy.golang.org", "http://127.0.0.1:18080", "https://artifactory.corp/api/go/golang-remote", "https://u:xxxxx@goproxy.corp/x");
    fc.assert(
      fc.property(base, modulePath, version, fc.constantFrom("info", "mod", "zip"), (b, mod, ver, ext) => {
        const url = `${b}/${escapeModulePath(mod)}/@v/${escapeVersion(ver)}.${ext}`;
        const got = decodeRequestUrl(url, [b]);
        expect(got).toEqual({ kind: mod === "golang.org/toolchain" ? "toolchain" : ext, module: mod, version: ver, base: b });
        // The heuristic alone agrees whenever the base has no host-like path element.
        expect(decodeRequestUrl(url).module).toBe(mod);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (s) => {
        expect(() => decodeRequestUrl(s)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
