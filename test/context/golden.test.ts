// Differential tests: our ports against what real Go code answered for the
// same inputs (test/context/golden/README.md says how golden.json was made).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pathMatch } from "../../src/context/path-match.js";
import { matchPrefixPatterns } from "../../src/context/patterns.js";
import { parseGoproxy } from "../../src/context/goproxy.js";
import { parseGosumdb } from "../../src/context/sumdb.js";
import { parseNetrc } from "../../src/context/netrc.js";
import { proxyForUrl } from "../../src/context/httpproxy.js";
import { redactText } from "../../src/util/redact.js";

interface Golden {
  pathMatch: { pattern: string; name: string; matched: boolean; bad: boolean }[];
  prefixMatch: { globs: string; target: string; matched: boolean }[];
  goproxy: { value: string; entries: { url: string; fallBackOnError: boolean }[] | null; error?: string }[];
  gosumdb: { value: string; name: string; url: string; error?: string }[];
  netrc: { text: string; entries: { machine: string; login: string }[] | null }[];
  httpProxy: { case: { httpProxy: string; httpsProxy: string; noProxy: string; url: string }; proxy: string | null; error?: string }[];
}

const golden = JSON.parse(readFileSync(new URL("./golden/golden.json", import.meta.url), "utf8")) as Golden;

describe("path.Match against Go", () => {
  it(`agrees on all ${golden.pathMatch.length} cases`, () => {
    const wrong = golden.pathMatch.filter((c) => pathMatch(c.pattern, c.name) !== (c.bad ? "bad-pattern" : c.matched));
    expect(wrong).toEqual([]);
  });
});

describe("MatchPrefixPatterns against Go", () => {
  it(`agrees on all ${golden.prefixMatch.length} cases`, () => {
    const wrong = golden.prefixMatch.filter((c) => matchPrefixPatterns(c.globs, c.target) !== c.matched);
    expect(wrong).toEqual([]);
  });
});

describe("GOPROXY (proxyList) against Go", () => {
  it.each(golden.goproxy.map((c) => [JSON.stringify(c.value), c] as const))("%s", (_name, c) => {
    const got = parseGoproxy(c.value);
    expect(got.error).toBe(c.error === undefined ? undefined : redactText(c.error));
    if (c.error !== undefined) return;
    const want = (c.entries ?? []).map((e) => ({
      url: e.url === "off" || e.url === "direct" ? e.url : e.url.replace(/\/$/, ""),
      any: e.fallBackOnError,
    }));
    const mine = got.entries.map((e, i) => ({ url: e.url ?? e.kind, any: i < got.entries.length - 1 && e.fallThrough === "any" }));
    // Go keeps a trailing `|` on the last entry, where it changes nothing.
    expect(mine).toEqual(want.map((w, i) => ({ ...w, any: i < want.length - 1 && w.any })));
  });
});

describe("GOSUMDB (dbDial) against Go", () => {
  it.each(golden.gosumdb.map((c) => [JSON.stringify(c.value), c] as const))("%s", (_name, c) => {
    const got = parseGosumdb(c.value);
    if (c.error === "checksum database disabled by GOSUMDB=off") {
      expect(got.off).toBe(true);
      return;
    }
    expect(got.error).toBe(c.error);
    if (c.error !== undefined) return;
    expect(got.name).toBe(c.name);
    expect(got.url.replace(/\/$/, "")).toBe(c.url.replace(/\/$/, ""));
  });
});

describe("netrc (auth.parseNetrc) against Go", () => {
  it.each(golden.netrc.map((c) => [JSON.stringify(c.text).slice(0, 60), c] as const))("%s", (_name, c) => {
    const used = parseNetrc(c.text).filter((e) => e.usedByGo);
    expect(used.map((e) => ({ machine: e.machine, login: e.login }))).toEqual(c.entries ?? []);
  });
});

describe("HTTP proxy selection (x/net httpproxy) against Go", () => {
  it(`agrees on all ${golden.httpProxy.length} cases`, () => {
    const wrong = golden.httpProxy.flatMap((c) => {
      const got = proxyForUrl(c.case.url, { HTTP_PROXY: c.case.httpProxy, HTTPS_PROXY: c.case.httpsProxy, NO_PROXY: c.case.noProxy });
      // Go prints the URL re-escaped ("a b" -> "a%20b"); the proxy is the same.
      const want = c.proxy === null ? null : decodeURI(c.proxy);
      return (got?.proxy ?? null) === want ? [] : [{ ...c, got }];
    });
    expect(wrong).toEqual([]);
  });
});
