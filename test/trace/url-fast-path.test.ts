// decodeRequestUrl reads the common `<origin>/<module>/@v/<file>` URL with
// indexOf (plainProxyRequest); every other URL takes the general path. The
// two must agree on every URL: a base with a path on another origin forces
// the general path (it cannot match, so the heuristic decides, as with none).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeRequestUrl } from "../../src/trace/url.js";

const GENERAL = ["http://unrelated.invalid/forces/the/general/path"];
const general = (url: string) => decodeRequestUrl(url, GENERAL);

const segment = fc.oneof(
  fc.constantFrom("github.com", "golang.org", "toolchain", "x", "!burnt!sushi", "Upper", "v2", "gopkg.in", "a.b.c", "@v", "@latest", "list", "sumdb", "", ".", "..", "%21x", "%2F", "a@b", "go.proxy", "1.2.3.4", "xn--bcher-kva.example"),
  fc.stringMatching(/^[a-zA-Z0-9._~!+@%-]{1,8}$/),
);
const file = fc.oneof(
  fc.constantFrom("list", "v1.0.0.zip", "v1.0.0.mod", "v1.0.0.info", "v0.0.0-20240101000000-abcdefabcdef.info", "v2.0.0+incompatible.mod", "v1.0.0-!r!c1.zip", "v1.0.0-RC1.zip", ".zip", "v1.zip.txt", "", "v1%0A.mod", "v1.0.0.ZIP"),
  fc.stringMatching(/^[a-zA-Z0-9._~!+@%-]{0,10}$/),
);
const origin = fc.constantFrom("https://proxy.golang.org", "http://127.0.0.1:18080", "https://goproxy.cn", "https://user:pw@corp.test", "https://PROXY.example", "https://proxy.golang.org:443", "http://[::1]:8080");
const url = fc.tuple(origin, fc.array(segment, { maxLength: 5 }), fc.constantFrom("/@v/", "/", "/@latest", "/@v/@v/"), file, fc.constantFrom("", "?go-get=1", "#x")).map(([o, segs, mid, f, q]) => `${o}/${segs.join("/")}${mid}${f}${q}`);

describe("decodeRequestUrl's fast path for plain proxy URLs", () => {
  it("agrees with the general path on arbitrary URLs", () => {
    fc.assert(
      fc.property(url, (u) => {
        expect(decodeRequestUrl(u)).toEqual(general(u));
        // again: now the origin is the one the last simple URL had (knownOriginRequest)
        expect(decodeRequestUrl(u)).toEqual(general(u));
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with the general path on a run of URLs, whichever origin came before", () => {
    fc.assert(
      fc.property(fc.array(url, { minLength: 2, maxLength: 8 }), (urls) => {
        const got = urls.map((u) => decodeRequestUrl(u));
        expect(got).toEqual(urls.map(general));
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees with the general path when GOPROXY bases without a path are given (the watcher passes them)", () => {
    fc.assert(
      fc.property(url, fc.boolean(), (u, sameOrigin) => {
        const base = sameOrigin ? u.slice(0, u.indexOf("/", u.indexOf("://") + 3)) : "https://other.example";
        expect(decodeRequestUrl(u, [base])).toEqual(decodeRequestUrl(u, [base, ...GENERAL]));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees on the shapes it takes, and on the near misses it must leave alone", () => {
    const cases = [
      "https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.3.2.zip",
      "https://proxy.golang.org/golang.org/toolchain/@v/list",
      "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.22.0.linux-amd64.zip",
      "https://proxy.golang.org/github.com/%21dreamacro/clash/@v/v1.3.0.mod",
      "https://artifactory.corp/api/go/remote/github.com/x/y/@v/v1.0.0.mod",
      "https://corp.test/go/proxy/example.com/a/@v/v1.0.0.info",
      "https://proxy.golang.org/example.com/a/@v/v1.0.0.mod/extra",
      "https://proxy.golang.org/example.com/a@v1/@v/v1.0.0.mod",
      "https://proxy.golang.org/example.com//a/@v/v1.0.0.mod",
      "https://proxy.golang.org/example.com/a/@v/",
    ];
    for (const u of cases) expect(decodeRequestUrl(u)).toEqual(general(u));
    expect(decodeRequestUrl(cases[0]!)).toEqual({ kind: "zip", module: "github.com/BurntSushi/toml", version: "v1.3.2", base: "https://proxy.golang.org" });
    expect(decodeRequestUrl(cases[1]!)).toEqual({ kind: "toolchain", module: "golang.org/toolchain", base: "https://proxy.golang.org" });
  });

  it("still lets a GOPROXY base with a path decide where the module starts", () => {
    const viaPath = "https://corp.test/go/proxy/example.com/a/@v/v1.0.0.info";
    expect(decodeRequestUrl(viaPath, ["https://corp.test/go/proxy"])).toMatchObject({ module: "example.com/a", base: "https://corp.test/go/proxy" });
    // The base's path looks like a host name: only the base tells the module starts after it.
    const hostLike = "https://corp.test/go.proxy/k8s.io/api/@v/v0.30.1.mod";
    expect(decodeRequestUrl(hostLike, ["https://corp.test/go.proxy"])).toEqual({ kind: "mod", module: "k8s.io/api", version: "v0.30.1", base: "https://corp.test/go.proxy" });
    expect(decodeRequestUrl(hostLike, ["https://corp.test"])).toMatchObject({ module: "go.proxy/k8s.io/api", base: "https://corp.test" });
  });
});
