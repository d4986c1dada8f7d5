// The parser's fast paths (no `new URL`, no match arrays, lines a chunk at a
// time) must read every input exactly as the slow, obvious code does.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simpleUrlParts } from "../../src/trace/url.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import { lineBatches, splitLines } from "../../src/trace/lines.js";
import { mayStartWithTimestamp, parseLogTimestamp } from "../../src/trace/timestamps.js";

/** Pieces URLs are made of: mostly plain ones, with tricky ones (case, IPv4 forms, IDNA, ports, dot segments, escapes) mixed in. */
const mostly = <T>(plain: T[], tricky: T[]): fc.Arbitrary<T> => fc.oneof({ arbitrary: fc.constantFrom(...plain), weight: 5 }, { arbitrary: fc.constantFrom(...tricky), weight: 1 });
const hostPart = mostly(["proxy.golang.org", "a.b", "localhost", "127.0.0.1", "1.2.3.4", "a-b.c9", "x"], ["0x7f.1", "1.2.3", "256.1.1.1", "01.2.3.4", "Proxy.Corp", "xn--bcher-kva.example", "9.example", "host.", "a..b", "1.2.3.4.5", "[::1]"]);
const port = mostly(["", ":8080", ":65535", ":1"], [":443", ":80", ":0", ":08080", ":65536", ":99999", ":"]);
const segment = mostly(["github.com", "!burnt!sushi", "@v", "v1.2.0.zip", "list", "@latest", "", "~u", "x+y", "a@b", "a-b_c"], [".", "..", "%2e", "a%20b", "a b", "x?y", "#f", "a\\b", "é", "a|b", "{x}", "a'b", "a^b"]);
const url = fc
  .tuple(mostly(["https://", "http://"], ["HTTP://", "ftp://", "https:/", "https:///"]), hostPart, port, fc.array(segment, { maxLength: 6 }), mostly([""], ["/", "?go-get=1", "#x"]))
  .map(([scheme, host, p, segs, tail]) => `${scheme}${host}${p}${segs.map((x) => `/${x}`).join("")}${tail}`);

describe("simpleUrlParts", () => {
  it("property: when it reads a URL, it reads it as new URL does", () => {
    let simple = 0;
    fc.assert(
      fc.property(url, (u) => {
        const parts = simpleUrlParts(u);
        if (!parts) return;
        simple++;
        const ref = new URL(u);
        expect(parts).toEqual({ origin: `${ref.protocol}//${ref.host}`, host: ref.host, hostname: ref.hostname, pathname: ref.pathname, goGet: ref.searchParams.get("go-get") === "1" });
        expect(ref.username + ref.password + ref.search + ref.hash).toBe("");
      }),
      { numRuns: 3000 },
    );
    // The property means something only if many URLs take the fast path.
    expect(simple).toBeGreaterThan(500);
  });

  it("reads the URLs of a trace and leaves the others to new URL", () => {
    expect(simpleUrlParts("https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.zip")).toEqual({
      origin: "https://proxy.golang.org",
      host: "proxy.golang.org",
      hostname: "proxy.golang.org",
      pathname: "/github.com/!burnt!sushi/toml/@v/v1.2.0.zip",
      goGet: false,
    });
    expect(simpleUrlParts("http://127.0.0.1:18080/example.com/b/@v/list")).toMatchObject({ origin: "http://127.0.0.1:18080", hostname: "127.0.0.1" });
    for (const other of ["https://u:p@h.com/x", "https://h.com/a%21b", "https://H.com/x", "https://h.com:443/x", "https://h.com/a/../b", "https://h.com/x?go-get=1", "https://0x7f.1/x", "https://xn--bcher-kva.example/x"]) {
      expect(simpleUrlParts(other)).toBeUndefined();
    }
  });
});

// The regexes parseGet used before it read end lines by hand.
const SECONDS = /^(.*) \((\d+(?:\.\d+)?)s\)$/;
const STATUS = /^(\d{3})(?: (.*))?$/;
function endByRegex(url: string, whatIn: string): Record<string, unknown> {
  let what = whatIn;
  let seconds: number | undefined;
  const timed = SECONDS.exec(what);
  if (timed) {
    what = timed[1]!;
    seconds = Number(timed[2]);
  }
  const status = STATUS.exec(what);
  if (status) return { t: 0, kind: "http-end", url, status: Number(status[1]), ...(status[2] ? { statusText: status[2] } : {}), ...(seconds !== undefined ? { seconds } : {}) };
  return { t: 0, kind: "http-end", url, error: what, ...(seconds !== undefined ? { seconds } : {}) };
}

/** How parseGet read a whole `# get` line before it read it at offsets. */
function getByRegex(line: string): Record<string, unknown> {
  const rest = line.slice("# get ".length);
  if (/^\S+$/.test(rest)) return { t: 0, kind: "http-start", url: rest };
  const offset = /^(\S+) \(offset (\d+)\)$/.exec(rest);
  if (offset) return { t: 0, kind: "http-start", url: offset[1], offset: Number(offset[2]) };
  const colon = rest.indexOf(": ");
  const url = colon > 0 ? rest.slice(0, colon) : "";
  if (url === "" || /\s/.test(url)) return { t: 0, kind: "output", line };
  const what = rest.slice(colon + 2);
  if (what === "interrupted") return { t: 0, kind: "http-end", url, error: what, body: "interrupted" };
  if (what.startsWith("resume: ")) return { t: 0, kind: "http-end", url, error: what, body: "resume-failed" };
  return endByRegex(url, what);
}

describe("parseTraceLine end lines", () => {
  const piece = fc.constantFrom("200", "404", "20", "2000", " ", "OK", "Not Found", " (", "(", ")", "s)", "0.012", "1", ".", "s", "x", "\u2028", "\t", "1.", ".5", "EOF", ": ");
  const what = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(""));

  it("property: `# get URL: WHAT` reads WHAT as the status and seconds regexes did", () => {
    fc.assert(
      fc.property(what, (w) => {
        fc.pre(w !== "interrupted" && !w.startsWith("resume: "));
        const u = "https://proxy.golang.org/a.com/b/@v/v1.0.0.mod";
        expect(parseTraceLine(`# get ${u}: ${w}`, 0)).toStrictEqual(endByRegex(u, w));
      }),
      { numRuns: 3000 },
    );
  });

  it("property: any `# get` line reads as the obvious regex code read it (start, offset, end, or plain output)", () => {
    const urlPiece = fc.constantFrom("https://proxy.golang.org/a.com/b/@v/v1.0.0.zip", "http://127.0.0.1:9/x", "u", ":", ": ", " ", "\t", "\u2028", "(offset 3)", " (offset 12)", "a:b", "");
    const line = fc.tuple(fc.array(urlPiece, { maxLength: 4 }), fc.array(fc.constantFrom("200", "404 Not Found", "OK", " (", "(", "(0.5s)", "s)", "0.012", "123456789012345678", "0.0000000000000001", ".", "interrupted", "resume: x", "\u2028", ": ", " "), { maxLength: 6 }), fc.boolean()).map(
      ([u, w, colon]) => `# get ${u.join("")}${colon ? ": " : ""}${w.join("")}`,
    );
    fc.assert(
      fc.property(line, (l) => {
        expect(parseTraceLine(l, 0)).toStrictEqual(getByRegex(l));
      }),
      { numRuns: 5000 },
    );
  });

  it("starts, with and without an offset", () => {
    expect(parseTraceLine("# get https://p.test/a.com/@v/list", 1)).toStrictEqual({ t: 1, kind: "http-start", url: "https://p.test/a.com/@v/list" });
    expect(parseTraceLine("# get https://p.test/a.com/@v/v1.zip (offset 12)", 1)).toStrictEqual({ t: 1, kind: "http-start", url: "https://p.test/a.com/@v/v1.zip", offset: 12 });
    expect(parseTraceLine("# get https://p.test/a.com/@v/v1.zip: 200 OK (0.120s)", 1)).toStrictEqual({ t: 1, kind: "http-end", url: "https://p.test/a.com/@v/v1.zip", status: 200, statusText: "OK", seconds: 0.12 });
  });
});

describe("lineBatches", () => {
  it("property: the same lines as splitLines, whatever the chunking, never an empty batch", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("a", "bc", "\n", "\r", "\r\n", "é", "go: x"), { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), async (parts, sizes) => {
        const bytes = Buffer.from(parts.join(""));
        const chunks: Buffer[] = [];
        for (let at = 0, k = 0; at < bytes.length; at += sizes[k++ % sizes.length]!) chunks.push(bytes.subarray(at, at + sizes[k % sizes.length]!));
        const want: string[] = [];
        for await (const line of splitLines(Readable.from([bytes]), 8)) want.push(line);
        const got: string[] = [];
        for await (const batch of lineBatches(Readable.from(chunks), 8)) {
          expect(batch.length).toBeGreaterThan(0);
          got.push(...batch);
        }
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe("mayStartWithTimestamp", () => {
  it("is true for every timestamp format parseLogTimestamp reads, false for go's own lines", () => {
    for (const line of ["2024-01-02T03:04:05.1234567Z # get u", "\uFEFF2024-01-02T03:04:05Z x", "[2024-01-02T03:04:05.123Z] x", "2024/01/02 03:04:05 x", "#11 62.37 x", "[12:34:56] x", "12:34:56 x"]) {
      expect(parseLogTimestamp(line).t, line).toBeDefined();
      expect(mayStartWithTimestamp(line), line).toBe(true);
    }
    for (const line of ["# get https://p.test/x", "go: downloading a.com v1.0.0", "mkdir -p /x # git3 https://g.test/r", "\tserver response: x", "", "#! tool: x"]) {
      expect(mayStartWithTimestamp(line), line).toBe(false);
      expect(parseLogTimestamp(line)).toEqual({ rest: line });
    }
  });

  it("property: a line it rules out has no timestamp", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (line) => {
        if (!mayStartWithTimestamp(line)) expect(parseLogTimestamp(line).t).toBeUndefined();
      }),
    );
  });
});
