// Property tests issue 6 asks for that test/trace/properties.test.ts and
// test/stall/detector.test.ts do not already cover:
// - every line the go command can print, built from its own format strings
//   (web/http.go, modfetch/codehost/codehost.go, modfetch/fetch.go,
//   toolchain/select.go) with arbitrary URLs, directories and messages, is
//   classified as what it is (not merely "some event");
// - with many requests, zips and vcs commands interleaved, a request that
//   keeps progressing within the stall timeout is never a suspect, never
//   "stuck", never leaves its module "stalled", and the run is never stalled
//   while anything progressed within the timeout.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Event } from "../../src/trace/events.js";
import { createDetector, reduce, summarize, verdict } from "../../src/stall/detector.js";

// ---- the trace parser ------------------------------------------------------

const seg = fc.stringMatching(/^[a-z0-9][a-z0-9._~-]{0,10}$/);
/** A case-encoded module path as go puts it in URLs (`!` before a lower-cased capital). */
const escapedPath = fc.tuple(seg, fc.array(fc.oneof(seg, seg.map((s) => `!${s}`)), { minLength: 1, maxLength: 4 })).map(([h, r]) => [`${h}.com`, ...r].join("/"));
const version = fc.stringMatching(/^v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(-[a-z0-9.]{1,12})?(\+incompatible)?$/);
const host = fc.oneof(
  fc.nat({ max: 65535 }).map((p) => `127.0.0.1:${p}`),
  fc.nat({ max: 65535 }).map((p) => `[::1]:${p}`),
  fc.tuple(seg, seg).map(([a, b]) => `${a}.${b}.test`),
);
/** Userinfo as url.Redacted prints it: the password replaced by xxxxx. */
const userinfo = fc.option(seg.map((u) => `${u}:xxxxx@`), { nil: "" });
const base = fc.tuple(fc.constantFrom("http", "https"), userinfo, host, fc.array(seg, { maxLength: 2 })).map(([s, u, h, p]) => `${s}://${u}${h}${p.map((x) => `/${x}`).join("")}`);
const url = fc.oneof(
  fc.tuple(base, escapedPath, version, fc.constantFrom(".info", ".mod", ".zip")).map(([b, m, v, ext]) => `${b}/${m}/@v/${v}${ext}`),
  fc.tuple(base, escapedPath).map(([b, m]) => `${b}/${m}/@v/list`),
  fc.tuple(base, escapedPath).map(([b, m]) => `${b}/${m}/@latest`),
  fc.tuple(base, escapedPath).map(([b, m]) => `${b}/${m}?go-get=1`),
  fc.tuple(base, escapedPath, version).map(([b, m, v]) => `${b}/sumdb/sum.golang.org/lookup/${m}@${v}`),
  fc.tuple(base, fc.nat(), fc.nat({ max: 999 })).map(([b, n, k]) => `${b}/sumdb/sum.golang.org/tile/8/0/x${String(n % 1000).padStart(3, "0")}/${String(k).padStart(3, "0")}.p/7`),
  fc.webUrl({ withQueryParameters: true }).filter((u) => !/\s/.test(u)),
);
const statusText = fc.constantFrom("200 OK", "404 Not Found", "410 Gone", "500 Internal Server Error", "502 Bad Gateway", "403 Forbidden", "302 Found", "429 Too Many Requests");
/** %.3f seconds as go prints it. */
const secs = fc.integer({ min: 0, max: 9_999_999 }).map((ms) => (ms / 1000).toFixed(3));
/** What go prints after `URL: ` when a request fails: it never starts with a status code. */
const errorText = fc.oneof(
  fc.tuple(fc.constantFrom("Get", "Head"), url, fc.constantFrom("dial tcp 127.0.0.1:1: connect: connection refused", "EOF", "net/http: TLS handshake timeout", "dial tcp: lookup proxy.invalid on 10.0.0.1:53: no such host", "read tcp 127.0.0.1:5->127.0.0.1:6: read: connection reset by peer", "tls: failed to verify certificate: x509: certificate signed by unknown authority")).map(([m, u, why]) => `${m} "${u}": ${why}`),
  fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !/[\n\r]/.test(s) && /^[^\d\s]/.test(s) && s !== "interrupted" && !s.startsWith("resume: ") && s.trim() === s),
);
/** A directory under the module cache; spaces allowed (a home directory may have them), never `; `. */
const dir = fc.tuple(fc.array(fc.oneof(seg, seg.map((s) => `${s} x`)), { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[0-9a-f]{64}$/)).map(([p, h]) => `/${p.join("/")}/pkg/mod/cache/vcs/${h}`);
const gitArgs = fc.oneof(
  fc.constantFrom("ls-remote -q origin", "ls-remote -q --end-of-options origin", "tag -l", "init --bare", "remote add origin -- https://git.corp.test/r", "cat-file blob 0123abcd:go.mod"),
  fc.tuple(version, version).map(([a]) => `-c protocol.version=2 fetch -f --depth=1 origin refs/tags/${a}:refs/tags/${a}`),
);

/** Each line go can print, with the event it must become. */
const goLine: fc.Arbitrary<{ line: string; want: Partial<Event> & { kind: Event["kind"] } }> = fc.oneof(
  url.map((u) => ({ line: `# get ${u}`, want: { kind: "http-start" as const, url: u } })),
  fc.tuple(url, fc.nat()).map(([u, n]) => ({ line: `# get ${u} (offset ${n})`, want: { kind: "http-start" as const, url: u, offset: n } })),
  fc.tuple(url, statusText, secs).map(([u, st, s]) => ({
    line: `# get ${u}: ${st} (${s}s)`,
    want: { kind: "http-end" as const, url: u, status: Number(st.slice(0, 3)), seconds: Number(s) },
  })),
  fc.tuple(url, errorText).map(([u, e]) => ({ line: `# get ${u}: ${e}`, want: { kind: "http-end" as const, url: u, error: e } })),
  fc.tuple(url, errorText, secs).map(([u, e, s]) => ({ line: `# get ${u}: ${e} (${s}s)`, want: { kind: "http-end" as const, url: u, error: e, seconds: Number(s) } })),
  url.map((u) => ({ line: `# get ${u}: interrupted`, want: { kind: "http-end" as const, url: u, body: "interrupted" as const } })),
  fc.tuple(url, errorText).map(([u, e]) => ({ line: `# get ${u}: resume: ${e}`, want: { kind: "http-end" as const, url: u, body: "resume-failed" as const } })),
  fc.tuple(dir, url).map(([d, u]) => ({ line: `mkdir -p ${d} # git3 ${u}`, want: { kind: "vcs-repo" as const, dir: d, vcs: "git", repo: u } })),
  fc.tuple(dir, url).map(([d, u]) => ({ line: `# ${d} for git3 ${u}`, want: { kind: "vcs-repo" as const, dir: d, vcs: "git", repo: u } })),
  dir.map((d) => ({ line: `# lock ${d}.lock`, want: { kind: "lock" as const, file: `${d}.lock` } })),
  fc.tuple(dir, gitArgs).map(([d, a]) => ({ line: `cd ${d}; git ${a}`, want: { kind: "vcs-start" as const, dir: d, command: `git ${a}` } })),
  fc.tuple(secs, dir, gitArgs).map(([s, d, a]) => ({ line: `${s}s # cd ${d}; git ${a}`, want: { kind: "vcs-end" as const, dir: d, command: `git ${a}`, seconds: Number(s) } })),
  fc.tuple(escapedPath, version).map(([m, v]) => ({ line: `go: downloading ${m} ${v}`, want: { kind: "downloading" as const, module: m, version: v } })),
  fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 9 }), fc.constantFrom("linux/amd64", "darwin/arm64", "windows/386")).map(([a, b, p]) => ({
    line: `go: downloading go1.${a}.${b} (${p})`,
    want: { kind: "toolchain" as const, version: `go1.${a}.${b}` },
  })),
  fc.tuple(escapedPath, version, url, statusText).map(([m, v, u, st]) => ({
    line: `go: ${m}@${v}: reading ${u}: ${st}`,
    want: { kind: "go-error" as const, module: m, version: v },
  })),
  fc.string({ maxLength: 80 }).filter((s) => !/[\n\r]/.test(s)).map((s) => ({ line: `\tserver response: ${s}`, want: { kind: "go-error-detail" as const } })),
);

describe("the trace parser on every line go can print", () => {
  it("classifies each line as what its format string says, with its fields", () => {
    fc.assert(
      fc.property(goLine, fc.integer(), fc.constantFrom("", "\r"), ({ line, want }, t, cr) => {
        expect(parseTraceLine(line + cr, t)).toMatchObject({ ...want, t });
      }),
      { numRuns: 4000 },
    );
  });

  it("never throws on arbitrary bytes decoded as text, and always answers a known kind or nothing", () => {
    const kinds = new Set(["http-start", "http-end", "vcs-start", "vcs-end", "vcs-repo", "lock", "downloading", "go-error", "go-error-detail", "toolchain", "output"]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom("utf8", "latin1") as fc.Arbitrary<BufferEncoding>, (bytes, enc) => {
        const line = Buffer.from(bytes).toString(enc).split("\n")[0]!;
        const event = parseTraceLine(line, 0);
        return event === undefined || kinds.has(event.kind);
      }),
      { numRuns: 3000 },
    );
  });

  it("handles very long lines in linear time (no catastrophic backtracking)", () => {
    const long = [
      `# get ${"http://a/".padEnd(200_000, "b")}: ${"x ".repeat(50_000)}`,
      `cd ${"/d ".repeat(60_000)}; git ls-remote`,
      `mkdir -p ${"/x ".repeat(60_000)} # git3`,
      `go: ${"a@".repeat(60_000)}`,
      `\t${"@ ".repeat(60_000)}: module`,
      `${"1".repeat(100_000)}s # ${"cd x; ".repeat(20_000)}`,
    ];
    const started = performance.now();
    for (const line of long) expect(parseTraceLine(line, 0)).toBeDefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

// ---- the stall detector ----------------------------------------------------

const T = 1000;
const P = "http://127.0.0.1:8080";

type Item =
  | { type: "req"; ext: ".mod" | ".info" | "list"; start: number; gaps: number[] }
  | { type: "zip"; start: number; gaps: number[] }
  | { type: "vcs"; start: number; gaps: number[] };

/** Gaps between a request's progress events, each shorter than the stall timeout. */
const gaps = (min: number, max: number) => fc.array(fc.integer({ min: 1, max: T - 1 }), { minLength: min, maxLength: max });
const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ type: fc.constant("req" as const), ext: fc.constantFrom(".mod" as const, ".info" as const, "list" as const), start: fc.nat({ max: 8000 }), gaps: gaps(1, 1) }),
  fc.record({ type: fc.constant("zip" as const), start: fc.nat({ max: 8000 }), gaps: gaps(2, 12) }),
  fc.record({ type: fc.constant("vcs" as const), start: fc.nat({ max: 8000 }), gaps: gaps(1, 1) }),
);

/** The events of item i (its own module and URL), each request progressing at every gap. */
function eventsOf(it: Item, i: number): Event[] {
  const mod = `example.com/m${i}`;
  const ver = `v1.0.${i}`;
  const times = it.gaps.reduce<number[]>((acc, g) => [...acc, acc.at(-1)! + g], [it.start]);
  if (it.type === "vcs") {
    const command = `git fetch origin refs/tags/v${i}`;
    return [
      { t: times[0]!, kind: "vcs-start", command, dir: `/vcs/${i}` },
      { t: times[1]!, kind: "vcs-end", command, dir: `/vcs/${i}`, seconds: (times[1]! - times[0]!) / 1000 },
    ];
  }
  if (it.type === "req") {
    const u = it.ext === "list" ? `${P}/${mod}/@v/list` : `${P}/${mod}/@v/${ver}${it.ext}`;
    return [
      { t: times[0]!, kind: "http-start", url: u },
      { t: times[1]!, kind: "http-end", url: u, status: 200, statusText: "OK" },
    ];
  }
  const u = `${P}/${mod}/@v/${ver}.zip`;
  const out: Event[] = [
    { t: times[0]!, kind: "http-start", url: u },
    { t: times[1]!, kind: "http-end", url: u, status: 200, statusText: "OK" },
  ];
  for (let k = 2; k < times.length - 1; k++) out.push({ t: times[k]!, kind: "bytes", module: mod, version: ver, bytes: (k - 1) * 4096, file: `${ver}.zip${i}.tmp` });
  out.push({ t: times.at(-1)!, kind: "zip-done", module: mod, version: ver, bytes: times.length * 4096 });
  return out;
}

describe("the stall detector with many interleaved requests", () => {
  it("a request that progresses within the timeout is never a suspect, never stuck, its module never stalled", () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 12 }), fc.array(fc.nat({ max: 20_000 }), { maxLength: 60 }), (items, tickTimes) => {
        const events = items.flatMap((x, i) => eventsOf(x, i));
        const ticks: Event[] = tickTimes.map((t) => ({ t, kind: "tick" }));
        // Stable sort: a request's own events keep their order at equal times.
        const all = [...events, ...ticks].sort((a, b) => a.t - b.t);
        let s = createDetector({ stallTimeoutMs: T, slowThresholdBps: 0 }, 0);
        let lastProgress = 0;
        for (const e of all) {
          s = reduce(s, e);
          if (e.kind !== "tick") {
            lastProgress = e.t;
            continue;
          }
          const sum = summarize(s);
          const v = verdict(s);
          // The run: never stalled while something progressed within the timeout.
          if (e.t - lastProgress < T && v.kind === "stalled") return false;
          // Each request: always progressing, so never named.
          if ((sum.stuck ?? []).length > 0) return false;
          if (sum.modules.some((m) => m.state === "stalled")) return false;
          if (v.kind === "stalled" && v.stall.suspects.some((x) => x.kind !== "silent")) return false;
        }
        return true;
      }),
      { numRuns: 400 },
    );
  });
});
