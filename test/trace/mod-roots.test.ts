import { describe, expect, it } from "vitest";
import { MAX_MOD_ROOT_REQUESTS, modRootOf, modRoots } from "../../src/trace/mod-roots.js";

const MODS = "http://mods.corp.test:41567";
/** The requests of go1.23's `go mod download` of corp.test/lib under GOPROXY=direct (recorded), with a tag naming MODS. */
const direct = [
  { url: "https://corp.test/lib?go-get=1", error: 'Get "https://corp.test/lib?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused' },
  { url: "http://corp.test/lib?go-get=1", status: 200 },
  { url: `${MODS}/corp.test/lib/@v/v1.2.3.mod`, status: 200 },
  { url: `${MODS}/corp.test/lib/@v/v1.2.3.info`, status: 404 },
];

describe("modRoots", () => {
  it("a base that answers for a module after its go-import page, and is no GOPROXY entry", () => {
    expect(modRoots(direct)).toEqual([{ prefix: "corp.test/lib", base: MODS, goImportUrl: "http://corp.test/lib?go-get=1", from: "trace" }]);
    expect(modRoots(direct, { proxies: ["direct"] })).toHaveLength(1);
    // The same base listed in GOPROXY is a proxy, whatever the order of the lines.
    expect(modRoots(direct, { proxies: [`${MODS}/`] })).toEqual([]);
  });

  it("no root without a go-import page that answered 2xx", () => {
    expect(modRoots(direct.filter((r) => r.status !== 200 || !r.url.includes("go-get")))).toEqual([]);
    expect(modRoots([{ url: "http://corp.test/lib?go-get=1", status: 404 }, ...direct.slice(2)])).toEqual([]);
  });

  it("GOPROXY=P,direct without the settings: the proxy was asked before the go-import page, so it stays a proxy", () => {
    const P = "https://proxy.corp.test";
    const trace = [
      { url: `${P}/corp.test/lib/@v/v1.2.3.info`, status: 404 },
      { url: "https://corp.test/lib?go-get=1", status: 200 },
      { url: `${MODS}/corp.test/lib/@v/v1.2.3.info`, status: 200 },
      // The next file: the proxy first again, then the module server.
      { url: `${P}/corp.test/lib/@v/v1.2.3.mod`, status: 404 },
      { url: `${MODS}/corp.test/lib/@v/v1.2.3.mod`, status: 500 },
    ];
    expect(modRoots(trace).map((r) => r.base)).toEqual([MODS]);
  });

  it("a base another module was fetched from without a go-import page is a proxy", () => {
    const trace = [{ url: `${MODS}/example.com/a/@v/v1.0.0.info`, status: 200 }, ...direct];
    expect(modRoots(trace)).toEqual([]);
  });

  it("a base with a path, and an upper-case module printed with %21", () => {
    const trace = [
      { url: "https://corp.test/Team/Lib?go-get=1", status: 200 },
      { url: "https://corp.test/mods/corp.test/%21team/%21lib/@v/list", status: 200 },
      { url: "https://corp.test/mods/corp.test/%21team/%21lib/@latest", status: 200 },
    ];
    expect(modRoots(trace)).toEqual([{ prefix: "corp.test/Team/Lib", base: "https://corp.test/mods", goImportUrl: "https://corp.test/Team/Lib?go-get=1", from: "trace" }]);
  });

  it("the tag the vcs probe read: mod tags only, unless the trace already has that root", () => {
    const tags = [
      { prefix: "corp.test/lib", vcs: "mod", repo: "https://mods.corp.test/" },
      { prefix: "git.corp.test/r", vcs: "git", repo: "https://git.corp.test/r.git" },
    ];
    expect(modRoots([], { tags })).toEqual([{ prefix: "corp.test/lib", base: "https://mods.corp.test", from: "tag" }]);
    expect(modRoots(direct, { tags: [{ prefix: "corp.test/lib", vcs: "mod", repo: `${MODS}/` }] })).toHaveLength(1);
    expect(modRoots([], { tags, proxies: ["https://mods.corp.test"] })).toEqual([]);
  });

  it(`looks at the last ${MAX_MOD_ROOT_REQUESTS} requests only`, () => {
    const filler = Array.from({ length: MAX_MOD_ROOT_REQUESTS }, (_, i) => ({ url: `https://proxy.test/example.com/m${i}/@v/v1.0.0.info`, status: 200 }));
    expect(modRoots([...direct.slice(0, 2), ...filler, ...direct.slice(2)])).toEqual([]);
    expect(modRoots([...filler, ...direct])).toHaveLength(1);
  });
});

describe("modRootOf", () => {
  const roots = modRoots(direct);
  it("the root and module of a request to the module server", () => {
    expect(modRootOf(roots, `${MODS}/corp.test/lib/@v/v1.2.3.zip`)).toMatchObject({ module: "corp.test/lib", root: { base: MODS } });
    expect(modRootOf(roots, `${MODS}/corp.test/lib/@latest`)).toMatchObject({ module: "corp.test/lib" });
  });
  it("nothing for another module on the same base, another base, or no module file", () => {
    expect(modRootOf(roots, `${MODS}/corp.test/other/@v/list`)).toBeUndefined();
    expect(modRootOf(roots, `https://proxy.golang.org/corp.test/lib/@v/list`)).toBeUndefined();
    expect(modRootOf(roots, `${MODS}/corp.test/lib`)).toBeUndefined();
    expect(modRootOf([], `${MODS}/corp.test/lib/@v/list`)).toBeUndefined();
  });
  it("a tag's prefix covers the modules under it", () => {
    const tagRoots = modRoots([], { tags: [{ prefix: "corp.test/lib", vcs: "mod", repo: "https://mods.corp.test/" }] });
    expect(modRootOf(tagRoots, "https://mods.corp.test/corp.test/lib/v2/@v/v2.0.0.mod")).toMatchObject({ module: "corp.test/lib/v2" });
  });
});
