// decodeRequestUrl shares the targets of recent URLs: the shared object must be
// the same answer a fresh decode gives, and nobody may change it.
import { describe, expect, it } from "vitest";
import { decodeRequestUrl } from "../../src/trace/url.js";

describe("decodeRequestUrl's recent targets", () => {
  const url = "https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.3.2.zip";

  it("answers a repeated URL with the same immutable target", () => {
    const first = decodeRequestUrl(url);
    expect(first).toEqual({ kind: "zip", module: "github.com/BurntSushi/toml", version: "v1.3.2", base: "https://proxy.golang.org" });
    expect(decodeRequestUrl(url)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { module?: string }).module = "changed";
    }).toThrow(TypeError);
  });

  it("keeps answering right after many other URLs pushed it out", () => {
    const first = decodeRequestUrl(url);
    for (let i = 0; i < 2000; i++) decodeRequestUrl(`https://proxy.golang.org/example.com/m${i}/@v/v1.0.${i}.mod`);
    const again = decodeRequestUrl(url);
    expect(again).toEqual(first);
    expect(decodeRequestUrl("https://proxy.golang.org/example.com/m1999/@v/v1.0.1999.mod")).toMatchObject({ kind: "mod", module: "example.com/m1999" });
  });

  it("decodes against GOPROXY bases without the shared targets (a base with a path moves where the module starts)", () => {
    const viaPath = "https://corp.test/go/proxy/example.com/a/@v/v1.0.0.info";
    expect(decodeRequestUrl(viaPath, ["https://corp.test/go/proxy"])).toMatchObject({ module: "example.com/a", base: "https://corp.test/go/proxy" });
    expect(decodeRequestUrl(viaPath)).toMatchObject({ module: "example.com/a" });
  });
});
