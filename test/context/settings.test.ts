import { describe, expect, it } from "vitest";
import { parseGoproxy } from "../../src/context/goproxy.js";
import { parseGosumdb } from "../../src/context/sumdb.js";
import { routeModule, suggestGoprivate } from "../../src/context/routes.js";
import { noProxyMatches, proxyForUrl } from "../../src/context/httpproxy.js";
import { parseNetrc, netrcPath } from "../../src/context/netrc.js";
import { parseGoflags } from "../../src/context/goflags.js";
import type { GoEnv } from "../../src/context/types.js";

const env = (over: Partial<GoEnv>): GoEnv => ({ GOPROXY: "", GONOPROXY: "", GOPRIVATE: "", GONOSUMDB: "", GOSUMDB: "", GOINSECURE: "", GOFLAGS: "", GOMODCACHE: "", GOPATH: "", GOVCS: "", GOTOOLCHAIN: "", GOAUTH: "", GOVERSION: "go1.23.5", GOENV: "", GOOS: "linux", GOARCH: "amd64", ...over }) as GoEnv;

describe("parseGoproxy (modfetch proxyList)", () => {
  it("defaults to proxy.golang.org then direct", () => {
    const { entries, error } = parseGoproxy("");
    expect(error).toBeUndefined();
    expect(entries.map((e) => e.kind)).toEqual(["url", "direct"]);
    expect(entries[0]?.url).toBe("https://proxy.golang.org");
  });
  it("records the separator after each entry: , falls through on 404/410, | on any error", () => {
    const { entries } = parseGoproxy("https://a.example|https://b.example,direct");
    expect(entries.map((e) => [e.url ?? e.kind, e.fallThrough])).toEqual([
      ["https://a.example", "any"],
      ["https://b.example", "notfound"],
      ["direct", "notfound"],
    ]);
  });
  it("adds https:// to bare hosts and ignores what follows off/direct", () => {
    const { entries } = parseGoproxy("goproxy.io,off,https://never.example");
    expect(entries.map((e) => e.url ?? e.kind)).toEqual(["https://goproxy.io", "off"]);
  });
  it("skips empty entries, rejects lists with none", () => {
    expect(parseGoproxy(" , ,direct").entries.map((e) => e.kind)).toEqual(["direct"]);
    expect(parseGoproxy(",").error).toMatch(/contains no entries/);
  });
  it("reports what newProxyRepo rejects", () => {
    expect(parseGoproxy("proxy").error).toMatch(/missing scheme/);
    expect(parseGoproxy("ftp://proxy.example").error).toMatch(/must be https, http, file/);
    expect(parseGoproxy("http://127.0.0.1:8080/").entries[0]?.url).toBe("http://127.0.0.1:8080");
  });
});

describe("parseGosumdb (dbDial)", () => {
  it("knows sum.golang.org and its China mirror", () => {
    expect(parseGosumdb("")).toMatchObject({ off: false, name: "sum.golang.org", url: "https://sum.golang.org" });
    expect(parseGosumdb("sum.golang.google.cn")).toMatchObject({ name: "sum.golang.org", url: "https://sum.golang.google.cn", explicitUrl: true });
    expect(parseGosumdb("off").off).toBe(true);
  });
  it("rejects an unknown name without a key and too many fields", () => {
    expect(parseGosumdb("sumdb.corp.example").error).toMatch(/malformed verifier id/);
    expect(parseGosumdb("a b c").error).toMatch(/too many fields/);
  });
  it("accepts name+key with an explicit URL", () => {
    const db = parseGosumdb("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 http://127.0.0.1:9/");
    expect(db).toMatchObject({ name: "sum.golang.org", url: "http://127.0.0.1:9", explicitUrl: true });
    expect(db.error).toBeUndefined();
  });
});

describe("routeModule", () => {
  it("GOPRIVATE implies direct and no checksum database", () => {
    const r = routeModule(env({ GOPRIVATE: "corp.example.com" }), "corp.example.com/x/y");
    expect(r).toEqual({ route: "direct", noProxy: true, noSumdb: true, insecure: false });
  });
  it("GONOPROXY and GONOSUMDB override GOPRIVATE separately", () => {
    const e = env({ GOPRIVATE: "corp.example.com", GONOPROXY: "none.example", GONOSUMDB: "corp.example.com" });
    expect(routeModule(e, "corp.example.com/x")).toMatchObject({ route: "proxy", noProxy: false, noSumdb: true });
  });
  it("GOPROXY=off and direct, GOSUMDB=off, GOINSECURE", () => {
    expect(routeModule(env({ GOPROXY: "off" }), "example.com/a").route).toBe("off");
    expect(routeModule(env({ GOPROXY: "direct", GOSUMDB: "off", GOINSECURE: "example.com" }), "example.com/a")).toEqual({
      route: "direct",
      noProxy: false,
      noSumdb: true,
      insecure: true,
    });
  });
  it("suggests the narrowest GOPRIVATE, org-level on shared hosts, merged with the current value", () => {
    expect(suggestGoprivate("", ["corp.example.com/private/lib", "corp.example.com/other"])).toBe("corp.example.com");
    expect(suggestGoprivate("gitlab.corp", ["github.com/acme/secret", "github.com/acme/other", "gitlab.corp/x"])).toBe("gitlab.corp,github.com/acme");
  });
  it("drops blanks go would never match, duplicates, and literals a new pattern covers", () => {
    expect(suggestGoprivate(" corp.example.com/a, corp.example.com/a", ["corp.example.com/b/c"])).toBe("corp.example.com");
    expect(suggestGoprivate("*.corp.example", ["git.corp.example/x"])).toBe("*.corp.example");
  });
  it("a GONOPROXY match goes direct even under GOPROXY=off; a bad GOPROXY breaks everything", () => {
    expect(routeModule(env({ GOPROXY: "off", GOPRIVATE: "corp.example.com" }), "corp.example.com/x").route).toBe("direct");
    expect(routeModule(env({ GOPROXY: "proxy" }), "example.com/a").error).toBe("invalid proxy URL missing scheme: proxy");
  });
});

describe("HTTP proxy selection (x/net httpproxy)", () => {
  const settings = { HTTPS_PROXY: "proxy.corp:3128", HTTP_PROXY: "http://p.corp:80", NO_PROXY: ".internal.example,10.0.0.0/8,git.corp:8443" };
  it("picks HTTPS_PROXY for https and adds http:// to a bare value", () => {
    expect(proxyForUrl("https://proxy.golang.org/x", settings)).toEqual({ variable: "HTTPS_PROXY", proxy: "http://proxy.corp:3128" });
    expect(proxyForUrl("http://example.com/", settings)).toEqual({ variable: "HTTP_PROXY", proxy: "http://p.corp:80" });
  });
  it("never proxies loopback, honours NO_PROXY domains, CIDRs and ports", () => {
    expect(proxyForUrl("https://127.0.0.1:8080/", settings)).toBeUndefined();
    expect(proxyForUrl("https://localhost/", settings)).toBeUndefined();
    expect(proxyForUrl("https://git.internal.example/", settings)).toBeUndefined();
    expect(proxyForUrl("https://10.1.2.3/", settings)).toBeUndefined();
    expect(proxyForUrl("https://git.corp:8443/", settings)).toBeUndefined();
    expect(proxyForUrl("https://git.corp/", settings)).toBeDefined();
    expect(noProxyMatches("*", "anything.example", "443")).toBe(true);
    expect(noProxyMatches("example.com", "sub.example.com", "443")).toBe(true);
    expect(noProxyMatches("example.com", "badexample.com", "443")).toBe(false);
    expect(noProxyMatches(".example.com", "example.com", "443")).toBe(false);
    expect(noProxyMatches("a.example b.example", "b.example", "443")).toBe(false); // commas only
    expect(proxyForUrl("https://sub.localhost/", settings)).toBeDefined(); // only "localhost" itself is exempt
    expect(proxyForUrl("https://[::1]:8443/", settings)).toBeUndefined();
  });
});

describe("netrc (go's own parser, not curl's)", () => {
  it("lists machines and whether a password is set, never the password", () => {
    const text = "machine git.corp.example login alice password s3cr3t-Pa55\nmachine other.example login bob\nmachine q.example login \"u\" password hunter2-xyz\n";
    const entries = parseNetrc(text);
    expect(entries).toEqual([
      { machine: "git.corp.example", login: "alice", hasPassword: true, usedByGo: true },
      { machine: "other.example", login: "bob", hasPassword: false, usedByGo: false },
      // quotes are not special for go: the login is the three characters "u"
      { machine: "q.example", login: '"u"', hasPassword: true, usedByGo: true },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/s3cr3t|hunter2/);
  });
  it("skips macdef bodies up to the first empty line and reads one-line files", () => {
    expect(parseNetrc("macdef init\ncd /tmp\nput x\n\nmachine a.example login u password p").map((e) => e.machine)).toEqual(["a.example"]);
    expect(parseNetrc("macdef init\ncd /tmp\n \nmachine a.example login u password p")).toEqual([]);
    expect(parseNetrc("machine a login u password p machine b login v password q").map((e) => e.machine)).toEqual(["a", "b"]);
  });
  it("stops at a line ending in default, ignores default elsewhere", () => {
    expect(parseNetrc("machine a login u password p\ndefault\nmachine b login u password p").map((e) => e.machine)).toEqual(["a"]);
    expect(parseNetrc("default login x password y\nmachine b login u password p").map((e) => e.machine)).toEqual(["b"]);
  });
  it("NETRC overrides ~/.netrc", () => {
    expect(netrcPath({ NETRC: "/x/netrc" }, "/home/u")).toBe("/x/netrc");
    expect(netrcPath({ NETRC: "" }, "/home/u")).toBe("/home/u/.netrc");
    expect(netrcPath({}, "/home/u")).toBe("/home/u/.netrc");
  });
});

describe("GOFLAGS", () => {
  it("finds -mod=vendor and -modcacherw", () => {
    expect(parseGoflags("-mod=vendor -modcacherw")).toMatchObject({ modVendor: true, modcacherw: true, modReadonly: false });
    expect(parseGoflags("-mod=vendor -mod=mod").modVendor).toBe(false);
    expect(parseGoflags("--modcacherw=false -modcacherw").modcacherw).toBe(true);
    expect(parseGoflags("-modcacherw=false").modcacherw).toBe(false);
  });
  it("reports what every go command but go env rejects", () => {
    expect(parseGoflags("x").error).toBe('non-flag "x"');
    expect(parseGoflags("--").error).toBe('non-flag "--"');
    expect(parseGoflags("-modcacherw=maybe").error).toMatch(/invalid boolean value "maybe"/);
    expect(parseGoflags("'-mod=mod").error).toBe("unterminated ' string");
    expect(parseGoflags("-mod=mod -x").error).toBeUndefined();
  });
  it("splits quoted fields on new go, not on go1.19", () => {
    expect(parseGoflags("'-mod=vendor' -tags=a").flags).toEqual(["-mod=vendor", "-tags=a"]);
    expect(parseGoflags("'-mod=vendor' -tags=a").modVendor).toBe(true);
    expect(parseGoflags("'-mod=vendor'", "go1.19.8")).toMatchObject({ modVendor: false, error: `non-flag "'-mod=vendor'"` });
  });
});

describe("GOSUMDB verifier keys", () => {
  it("accepts a key whose hash matches and names go's error otherwise", async () => {
    const { verifierKey } = await import("../../src/context/sumdb.js");
    const key = verifierKey("127.0.0.1:9000", new Uint8Array(32).fill(7));
    expect(parseGosumdb(key)).toMatchObject({ name: "127.0.0.1:9000", url: "https://127.0.0.1:9000" });
    expect(parseGosumdb(key).error).toBeUndefined();
    expect(parseGosumdb(key.replace(/\+([0-9a-f]{8})\+/, "+00000000+")).error).toBe("invalid GOSUMDB: invalid verifier hash");
  });
});
