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
  });
});

describe("netrc", () => {
  it("lists machines and whether a password is set, never the password", () => {
    const text = 'machine git.corp.example login alice password s3cr3t-Pa55\nmachine "other.example" login bob\ndefault login x password y\n';
    const entries = parseNetrc(text);
    expect(entries).toEqual([
      { machine: "git.corp.example", login: "alice", hasPassword: true },
      { machine: "other.example", login: "bob", hasPassword: false },
    ]);
    expect(JSON.stringify(entries)).not.toContain("s3cr3t");
  });
  it("skips macdef bodies and reads one-line files", () => {
    const entries = parseNetrc("macdef init\ncd /tmp\nput x\n\nmachine a.example login u password p");
    expect(entries.map((e) => e.machine)).toEqual(["a.example"]);
  });
  it("NETRC overrides ~/.netrc", () => {
    expect(netrcPath({ NETRC: "/x/netrc" }, "/home/u")).toBe("/x/netrc");
    expect(netrcPath({}, "/home/u")).toBe("/home/u/.netrc");
  });
});

describe("GOFLAGS", () => {
  it("finds -mod=vendor and -modcacherw", () => {
    expect(parseGoflags("-mod=vendor -modcacherw")).toMatchObject({ modVendor: true, modcacherw: true, modReadonly: false });
    expect(parseGoflags("-mod=vendor -mod=mod").modVendor).toBe(false);
  });
});
