import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Event } from "../../src/trace/events.js";

const KINDS = new Set<Event["kind"]>(["http-start", "http-end", "vcs-start", "vcs-end", "vcs-repo", "lock", "downloading", "go-error", "go-error-detail", "toolchain", "output"]);

/** Pieces of real lines, to build near-misses the parser must still survive. */
const FRAGMENTS = [
  "# get ",
  "https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.zip",
  "http://127.0.0.1:1/a/@v/list",
  ": ",
  "200 OK",
  "404 Not Found",
  " (0.1s)",
  " (offset 12)",
  "interrupted",
  "resume: ",
  "go: ",
  "go get: ",
  "downloading ",
  "go1.22.0 (linux/amd64)",
  "example.com/a",
  "@",
  "v1.0.0",
  "/go.mod",
  " requires",
  " imports",
  "module ",
  "verifying ",
  "cd ",
  "/c/vcs/ab",
  "; ",
  "git ls-remote -q origin",
  "0.043s # ",
  "mkdir -p ",
  " # git3 ",
  " for vcs1.hg ",
  "# lock ",
  "\t",
  "    ",
  "\r",
  "\x1b[31m",
  "##[error]",
  "SECURITY ERROR",
  "#! ",
  "(",
  ")",
  '"',
  "",
];

const blank = (line: string) => {
  let l = line.replace(/\r$/, "").replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/^##\[(?:error|warning|notice|debug)\]/, "");
  // A Markdown quote mark or a wrapper's gutter with nothing after it quotes an empty line.
  if (l.startsWith("> ")) l = l.replace(/^(?:> ?)+/, "");
  l = l.replace(/^[ \t]*[\u2502\u2503](?: |$)/, "");
  return l.trim() === "" || l.startsWith("#! ");
};

describe("parseTraceLine properties", () => {
  const anyLine = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 80 }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 10 }).map((a) => a.join("")));

  it("never throws, and classifies every line that is not blank or a fixture header", () => {
    fc.assert(
      fc.property(anyLine, fc.integer(), (line, t) => {
        const event = parseTraceLine(line, t);
        if (blank(line)) {
          expect(event).toBeUndefined();
        } else {
          expect(event).toBeDefined();
          expect(KINDS.has(event!.kind)).toBe(true);
          expect(event!.t).toBe(t);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("an http-end carries the URL of its start line", () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.constantFrom("200 OK (0.003s)", "404 Not Found (1.000s)", 'Get "x": EOF', "interrupted"), (url, what) => {
        fc.pre(!/\s/.test(url));
        expect(parseTraceLine(`# get ${url}`, 0)).toEqual({ t: 0, kind: "http-start", url });
        expect(parseTraceLine(`# get ${url}: ${what}`, 0)).toMatchObject({ kind: "http-end", url });
      }),
      { numRuns: 500 },
    );
  });

  it("module errors name the module and version they start with", () => {
    const seg = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/);
    const mod = fc.tuple(seg, fc.array(seg, { maxLength: 3 })).map(([h, r]) => [`${h}.com`, ...r].join("/"));
    const ver = fc.stringMatching(/^v[0-9]\.[0-9]{1,2}\.[0-9](-[a-z0-9.]{1,8})?(\+incompatible)?$/);
    fc.assert(
      fc.property(mod, ver, fc.constantFrom("reading https://x/y: 404 Not Found", "invalid version: unknown revision v9", "missing go.sum entry"), (m, v, why) => {
        expect(parseTraceLine(`go: ${m}@${v}: ${why}`, 0)).toMatchObject({ kind: "go-error", module: m, version: v });
        expect(parseTraceLine(`\t${m}@${v}: ${why}`, 0)).toMatchObject({ kind: "go-error-detail", module: m, version: v });
      }),
      { numRuns: 500 },
    );
  });

  it("go1.11's bare `MOD VER: ERR` names them too; another tool's `MOD VER: WORDS` stays output", () => {
    // A host name first (no `..`), then path elements as go allows them.
    const host = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/);
    const seg = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._~-]{0,8}$/);
    const mod = fc.tuple(host, fc.array(seg, { maxLength: 3 })).map(([h, r]) => [`${h}.com`, ...r].join("/"));
    const ver = fc.stringMatching(/^v[0-9]\.[0-9]{1,2}\.[0-9](-[a-z0-9.]{1,8})?(\+incompatible)?$/);
    const why = fc.constantFrom("unexpected status (https://x.test/a/@v/v1.0.0.mod): 404 Not Found", "unknown revision v9", "git fetch -f origin in /c/vcs/ab: exit status 128:");
    const words = fc.constantFrom("MIT", "updated", "h1:abc=", "ok");
    fc.assert(
      fc.property(mod, ver, why, words, (m, v, err, other) => {
        expect(parseTraceLine(`${m} ${v}: ${err}`, 0)).toMatchObject({ kind: "go-error", module: m, version: v });
        expect(parseTraceLine(`${m} ${v}: ${other}`, 0)).toMatchObject({ kind: "output" });
      }),
      { numRuns: 300 },
    );
  });
});
