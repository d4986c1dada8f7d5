import { describe, expect, it } from "vitest";
import { globMiss, matchPrefixPatterns, nearMiss, validatePatterns } from "../../src/context/patterns.js";
import { pathMatch } from "../../src/context/path-match.js";

// The cases of golang.org/x/mod/module TestMatchPrefixPatterns, plus go help module-private examples.
const CASES: [string, string, boolean][] = [
  ["", "rsc.io/quote", false],
  ["/", "rsc.io/quote", false],
  ["*/quote", "rsc.io/quote", true],
  ["*/quo", "rsc.io/quote", false],
  ["*/quo??", "rsc.io/quote", true],
  ["*/quo*", "rsc.io/quote", true],
  ["*quo*", "rsc.io/quote", false],
  ["rsc.io", "rsc.io/quote", true],
  ["*.io", "rsc.io/quote", true],
  ["rsc.io/", "rsc.io/quote", true],
  ["rsc", "rsc.io/quote", false],
  ["rsc*", "rsc.io/quote", true],
  ["rsc.io", "rsc.io/quote/v3", true],
  ["*/quote", "rsc.io/quote/v3", true],
  ["*/quote/", "rsc.io/quote/v3", true],
  ["*/quote/*", "rsc.io/quote/v3", true],
  ["*/quote/*/", "rsc.io/quote/v3", true],
  ["*/v3", "rsc.io/quote/v3", false],
  ["*/*/v3", "rsc.io/quote/v3", true],
  ["*/*/*", "rsc.io/quote/v3", true],
  ["*/*/*/", "rsc.io/quote/v3", true],
  ["*/*/*", "rsc.io/quote", false],
  ["*/*/*/", "rsc.io/quote", false],
  ["*/*/*,,", "rsc.io/quote", false],
  ["*/*/*,,*/quote", "rsc.io/quote", true],
  [",,*/quote", "rsc.io/quote", true],
  // go help module-private
  ["*.corp.example.com,rsc.io/private", "git.corp.example.com/xyzzy", true],
  ["*.corp.example.com,rsc.io/private", "rsc.io/private/quux", true],
  ["*.corp.example.com,rsc.io/private", "rsc.io/public", false],
  ["[", "github.com/corp/svc", false],
  ["github.com/[ab]cme", "github.com/acme/x", true],
  ["github.com/[^ab]cme", "github.com/acme/x", false],
];

describe("matchPrefixPatterns (x/mod MatchPrefixPatterns)", () => {
  it.each(CASES)("%s vs %s -> %s", (globs, target, want) => {
    expect(matchPrefixPatterns(globs, target)).toBe(want);
  });
});

describe("path.Match", () => {
  it("follows Go's rules for stars, classes and escapes", () => {
    expect(pathMatch("a*", "abc")).toBe(true);
    expect(pathMatch("a*", "ab/c")).toBe(false);
    expect(pathMatch("a\\*b", "a*b")).toBe(true);
    expect(pathMatch("[a-c]x", "bx")).toBe(true);
    expect(pathMatch("[", "a")).toBe("bad-pattern");
    expect(pathMatch("a[", "a")).toBe("bad-pattern");
  });
});

describe("validatePatterns", () => {
  it("names the malformed glob go would silently ignore", () => {
    expect(validatePatterns("github.com/acme,[")).toMatch(/malformed pattern "\["/);
    expect(validatePatterns("https://git.corp.example.com")).toMatch(/is a URL/);
    expect(validatePatterns("*.corp.example.com,rsc.io/private")).toBeUndefined();
  });
});

describe("globMiss", () => {
  it("*.host does not name the host itself", () => {
    expect(globMiss("*.corp.example", "corp.example/team/lib")).toBe("`*.corp.example` matches hosts under corp.example (such as git.corp.example), not corp.example itself");
  });

  it("a glob with a wildcard element compared with as many elements of the path", () => {
    expect(globMiss("corp.example/*/internal", "corp.example/team/lib")).toBe(
      "`corp.example/*/internal` is compared with the first 3 path elements, corp.example/team/lib, and does not match them (`*` stands for part of one element, never a `/`)",
    );
    expect(globMiss("corp.example/*/internal", "corp.example/lib")).toBe("`corp.example/*/internal` needs 3 path elements and corp.example/lib has 2");
  });

  it("a glob that differs only in case: go's matching is case-sensitive", () => {
    expect(matchPrefixPatterns("Corp.Example.com", "corp.example.com/private/lib")).toBe(false);
    expect(globMiss("Corp.Example.com", "corp.example.com/private/lib")).toBe(
      "`Corp.Example.com` and corp.example.com differ only in upper and lower case, and go matches module paths case-sensitively",
    );
    expect(globMiss("other.example,github.com/MyOrg", "github.com/myorg/tool")).toBe(
      "`github.com/MyOrg` and github.com/myorg differ only in upper and lower case, and go matches module paths case-sensitively",
    );
  });

  it("nearMiss: misspelt by case or as a URL, nothing for a match or another path", () => {
    expect(nearMiss("Corp.Example.com", "corp.example.com/lib")).toBe("case");
    expect(nearMiss("https://corp.example.com/", "corp.example.com/lib")).toBe("url");
    expect(nearMiss("corp.example.com", "corp.example.com/lib")).toBeUndefined();
    expect(nearMiss("*.corp.example.com", "corp.example.com/lib")).toBeUndefined();
    expect(nearMiss("https://other.example", "corp.example.com/lib")).toBeUndefined();
  });

  it("a domain without the subdomain wildcard: a plain glob is a path prefix", () => {
    expect(globMiss("corp.example", "git.corp.example/team/lib")).toBe(
      "`corp.example` matches module paths that start with corp.example/, not hosts under it such as git.corp.example (that takes `*.corp.example`)",
    );
    expect(globMiss("corp.example", "notcorp.example/lib")).toBeUndefined();
  });

  it("a URL in place of a path prefix: named with the prefix it should be", () => {
    expect(globMiss("https://corp.example.com/", "corp.example.com/private/lib")).toBe(
      "`https://corp.example.com` is a URL, and patterns are module path prefixes without a scheme (corp.example.com)",
    );
  });

  it("nothing to say when a glob matches, when no glob has a wildcard, or when the wildcard is for another host", () => {
    expect(globMiss("*.corp.example", "git.corp.example/team/lib")).toBeUndefined();
    expect(globMiss("corp.example/*/internal", "corp.example/team/internal/x")).toBeUndefined();
    expect(globMiss("corp.example/team", "corp.example/other")).toBeUndefined();
    expect(globMiss("*.other.example", "corp.example/team/lib")).toBeUndefined();
    expect(globMiss("Corp.Example.com", "Corp.Example.com/lib")).toBeUndefined();
    expect(globMiss("https://other.example", "corp.example/lib")).toBeUndefined();
  });
});
