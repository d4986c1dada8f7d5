import { afterEach, describe, expect, it } from "vitest";
import { goproxyProbe } from "../../src/probes/goproxy.js";
import { answerKind, judgeAnswer, printable, quotableLine, quoteStart } from "../../src/probes/net/proxy-answer.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { EndpointFacts, ProbeOptions, Trigger } from "../../src/probes/types.js";
import type { TraceSummary } from "../../src/stall/types.js";
import { makeContext } from "./context.js";
import { closeAll, httpServer } from "./servers.js";

afterEach(closeAll);

const fine = { truncated: false };

describe("judgeAnswer", () => {
  it("knows the protocol requests by their URL", () => {
    expect(answerKind("http://p/example.com/a/@v/v1.0.0.info")).toBe("info");
    expect(answerKind("http://p/example.com/a/@v/list")).toBe("list");
    expect(answerKind("http://p/example.com/a/@latest")).toBe("latest");
    expect(answerKind("http://p/example.com/a/@v/v1.0.0.zip")).toBeUndefined();
    expect(answerKind("http://p/")).toBeUndefined();
  });

  it("accepts what a module proxy sends", () => {
    expect(judgeAnswer("info", '{"Version":"v1.0.0","Time":"2023-01-01T00:00:00Z"}', { ...fine, version: "v1.0.0" })).toBeUndefined();
    expect(judgeAnswer("latest", '{"Version":"v1.2.0"}', fine)).toBeUndefined();
    expect(judgeAnswer("list", "v1.0.0\nv1.1.0\n", fine)).toBeUndefined();
    // A module without tagged versions, and lines go skips next to real ones.
    expect(judgeAnswer("list", "", fine)).toBeUndefined();
    expect(judgeAnswer("list", "v1.0.0 2023-01-01T00:00:00Z\n# comment\n", fine)).toBeUndefined();
    expect(judgeAnswer("sumdb-latest", "go.sum database tree\n42\nabc=\n\n— sum.golang.org x\n", fine)).toBeUndefined();
  });

  it("calls an answer without end too large, whatever it held", () => {
    expect(judgeAnswer("info", '{"Version":"v1.0.0"', { truncated: true })).toEqual({
      code: "ANSWER_TOO_LARGE",
      message: "the .info answer was larger than 64 KiB and still going: not a module proxy's answer",
    });
    expect(judgeAnswer("list", "v1.0.0\n".repeat(100), { truncated: true })?.message).toMatch(/^the @v\/list answer was larger than 256 KiB/);
  });

  it("names an HTML page by its title", () => {
    const page = "<!DOCTYPE html><html><head><title> Corporate  Proxy: access denied </title></head></html>";
    expect(judgeAnswer("info", page, fine)).toEqual({
      code: "NOT_PROXY_ANSWER",
      message: `the .info answer is an HTML page ("Corporate Proxy: access denied"), as a login page, a captive portal or a proxy's error page sends: not a module proxy's answer`,
    });
    expect(judgeAnswer("list", "v1.0.0\n", { ...fine, contentType: "text/html; charset=utf-8" })?.code).toBe("NOT_PROXY_ANSWER");
  });

  it("wants an .info to be a JSON object with the Version asked for", () => {
    expect(judgeAnswer("info", "OK", fine)?.message).toBe(`the .info answer is not JSON (it starts "OK"): not a module proxy's answer`);
    expect(judgeAnswer("info", '{"error":"quota"}', fine)?.message).toMatch(/is JSON without a Version \(it starts "\{\\"error\\":\\"quota\\"\}"\)/);
    expect(judgeAnswer("info", '["v1.0.0"]', fine)?.code).toBe("NOT_PROXY_ANSWER");
    expect(judgeAnswer("info", '{"Version":"v1.1.0"}', { ...fine, version: "v1.0.0" })).toEqual({
      code: "WRONG_VERSION",
      message: 'the .info answer is for version "v1.1.0", not the v1.0.0 asked for',
    });
    // A query that is not a canonical version may resolve to another version, as in the go command.
    expect(judgeAnswer("info", '{"Version":"v1.1.0"}', { ...fine, version: "master" })).toBeUndefined();
  });

  it("calls JSON that breaks off or does not parse the proxy's own broken answer, not someone else's page", () => {
    expect(judgeAnswer("info", '{"Version":"v1.0.0","Ti', fine)).toEqual({ code: "CUT_ANSWER", message: `the .info answer is JSON that breaks off (it reads "{\\"Version\\":\\"v1.0.0\\",\\"Ti")` });
    expect(judgeAnswer("latest", '{"Version":v1.0.0}', fine)?.message).toMatch(/^the @latest answer is JSON that does not parse/);
  });

  it("wants a list to hold a version when it holds anything", () => {
    expect(judgeAnswer("list", "not found\n", fine)?.message).toBe(`the @v/list answer holds no version (it starts "not found\\n"): not a module proxy's answer`);
    expect(judgeAnswer("sumdb-latest", "hello", fine)?.message).toMatch(/^the \/latest answer is not a signed tree head .*checksum database's answer$/);
  });

  it("shows only printable ASCII of a strange answer, cut short", () => {
    expect(quoteStart("\u0000\u0001ab\u00e9" + "x".repeat(60))).toBe(`"??ab?${"x".repeat(35)}"...`);
  });
});

describe("goproxy probe: a 200 that is no module proxy's answer fails the http step", () => {
  const options: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now };

  function stuckInfo(base: string): Trigger {
    const trace: TraceSummary = {
      startedMs: 0, lastProgressMs: 0, modules: [], requests: [], vcs: [], lockWaits: [], errors: [], toolchain: [], timed: true,
      outstanding: [{ url: `${base}/example.test/a/@v/v1.0.0.info`, kind: "info", startedMs: 0 }],
    };
    return { reason: "stall", trace };
  }

  for (const [name, type, body, message, code] of [
    ["an HTML login page", "text/html", "<html><head><title>Login</title></head></html>", /HTML page \("Login"\)/, "NOT_PROXY_ANSWER"],
    ["JSON without a Version", "application/json", '{"message":"rate limited"}', /JSON without a Version/, "NOT_PROXY_ANSWER"],
    ["plain text", "text/plain", "Service temporarily unavailable", /is not JSON/, "NOT_PROXY_ANSWER"],
    ["the info of another version", "application/json", '{"Version":"v9.9.9"}', /for version "v9.9.9", not the v1.0.0 asked for/, "WRONG_VERSION"],
  ] as const) {
    it(`an .info that is ${name}`, async () => {
      const port = await httpServer((_req, res) => res.writeHead(200, { "content-type": type }).end(body));
      const base = `http://127.0.0.1:${port}`;
      const ctx = makeContext({}, { GOPROXY: base });
      const [result] = await runProbes(planProbes(ctx, stuckInfo(base), options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
      expect(result).toMatchObject({ status: "fail", error: { code } });
      expect(result!.error?.message).toMatch(message);
      const facts = result!.facts as unknown as EndpointFacts;
      expect(facts).toMatchObject({ failedStep: "http", http: { ok: false, status: 200, code } });
    });
  }

  it("the proxy's root page is not judged (no module to ask about)", async () => {
    const port = await httpServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><title>Athens</title></html>"));
    const [result] = await runProbes(planProbes(makeContext({}, { GOPROXY: `http://127.0.0.1:${port}` }), { reason: "preflight" }, options, [goproxyProbe]), { timeoutMs: 2000 });
    expect(result!.status).toBe("ok");
  });
});

describe("one sanitiser for what a server chooses (quoted bodies, titles, ssh banners, reason phrases)", () => {
  it("printable: at most N characters, anything but printable ASCII as '?' (line breaks kept only when asked)", () => {
    expect(printable("SSH-2.0-x\u001b[31m\r\n", 120)).toBe("SSH-2.0-x?[31m??");
    expect(printable("a\nb\u0007", 10, true)).toBe("a\nb?");
    expect(printable("y".repeat(200))).toHaveLength(120);
  });

  it("a page title or first line quoted in a probe's message carries no terminal escape", () => {
    expect(quotableLine("<html><title>\u001b[2JBlocked\u0007</title></html>")).toBe("?[2JBlocked?");
    expect(quotableLine("\n\u001b]0;owned\u0007 not found\n")).toBe("?]0;owned? not found");
  });
});
