import { describe, expect, it } from "vitest";
import { decodeRequestUrl } from "../../src/trace/url.js";

describe("decodeRequestUrl", () => {
  const table: [string, Record<string, unknown>][] = [
    [
      "https://goproxy.io/github.com/!burnt!sushi/toml/@v/v1.3.2.zip",
      { kind: "zip", module: "github.com/BurntSushi/toml", version: "v1.3.2", base: "https://goproxy.io" },
    ],
    ["http://127.0.0.1:8080/example.com/a/@v/list", { kind: "list", module: "example.com/a", base: "http://127.0.0.1:8080" }],
    [
      "https://artifactory.corp/api/go/golang-remote/github.com/pkg/errors/@v/v0.9.1.mod",
      { kind: "mod", module: "github.com/pkg/errors", version: "v0.9.1", base: "https://artifactory.corp/api/go/golang-remote" },
    ],
    [
      "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.22.0.linux-amd64.zip",
      { kind: "toolchain", module: "golang.org/toolchain", version: "v0.0.1-go1.22.0.linux-amd64", base: "https://proxy.golang.org" },
    ],
    [
      "http://127.0.0.1:18080/nope/example.com/a/@v/v1.0.0.mod",
      { kind: "mod", module: "example.com/a", version: "v1.0.0", base: "http://127.0.0.1:18080/nope" },
    ],
    ["https://proxy.golang.org/gopkg.in/yaml.v3/@v/v3.0.1.info", { kind: "info", module: "gopkg.in/yaml.v3", version: "v3.0.1" }],
    ["https://proxy.golang.org/example.com/m/@v/v1.0.0-!r!c1.info", { kind: "info", version: "v1.0.0-RC1" }],
    ["https://proxy.golang.org/github.com/!azure/sdk/@latest", { kind: "latest", module: "github.com/Azure/sdk" }],
    ["http://127.0.0.1:8080/sumdb/sum.golang.org/supported", { kind: "sumdb-supported", base: "http://127.0.0.1:8080", sumdb: "sum.golang.org" }],
    [
      "https://sum.golang.org/lookup/github.com/!burnt!sushi/toml@v1.3.2",
      { kind: "sumdb", module: "github.com/BurntSushi/toml", version: "v1.3.2", base: "https://sum.golang.org" },
    ],
    ["https://sum.golang.org/tile/8/0/x123/456", { kind: "sumdb", base: "https://sum.golang.org" }],
    ["https://sum.golang.org/latest", { kind: "sumdb" }],
    [
      "http://127.0.0.1:8080/sumdb/sum.golang.org/lookup/example.com/a@v1.0.0",
      { kind: "sumdb", module: "example.com/a", version: "v1.0.0", base: "http://127.0.0.1:8080" },
    ],
    ["https://git.corp.test/r?go-get=1", { kind: "go-import", module: "git.corp.test/r" }],
    ["not a url", { kind: "other" }],
    ["https://host.example/just/a/page", { kind: "other" }],
    ["https://proxy.corp.test/go.proxy/api/github.com/pkg/errors/@v/v0.9.1.info", { module: "go.proxy/api/github.com/pkg/errors" }],
  ];
  it.each(table)("%s", (url, expected) => {
    expect(decodeRequestUrl(url)).toMatchObject(expected);
  });

  it("a proxy prefix with a dotted element needs the GOPROXY entry to be told apart", () => {
    const url = "https://proxy.corp.test/go.proxy/api/github.com/pkg/errors/@v/v0.9.1.info";
    expect(decodeRequestUrl(url, ["https://proxy.corp.test/go.proxy/api"])).toMatchObject({ module: "github.com/pkg/errors", base: "https://proxy.corp.test/go.proxy/api" });
  });

  it("never throws on junk", () => {
    for (const junk of ["", "://", "http://", "http://h/@v/", "http://h/@v/.zip", "http://h/%zz/@v/v1.zip", "http://h/sumdb/x"]) {
      expect(() => decodeRequestUrl(junk)).not.toThrow();
    }
  });
});
