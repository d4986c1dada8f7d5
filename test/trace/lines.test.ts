import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LineSplitter, splitLines } from "../../src/trace/lines.js";
import { JsonObjectSplitter, moduleResultEvent } from "../../src/trace/json-objects.js";

async function collect(chunks: (string | Buffer)[], max?: number): Promise<string[]> {
  async function* gen() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const line of splitLines(gen(), max)) out.push(line);
  return out;
}

function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    chunks.push(bytes.subarray(i, i + n));
    i += n;
  }
  return chunks;
}

describe("splitLines", () => {
  it("handles LF, CRLF, a last line without newline and multi-byte characters split across chunks", async () => {
    const euro = Buffer.from("€");
    expect(await collect(["a\r\nb\n", Buffer.from("c"), euro.subarray(0, 1), euro.subarray(1), "\nlast"])).toEqual(["a", "b", "c€", "last"]);
  });

  it("treats a lone CR as a line end (progress redraws), also when CRLF is split across chunks", async () => {
    expect(await collect(["10%\r20%\r30%\rdone\n"])).toEqual(["10%", "20%", "30%", "done"]);
    expect(await collect(["a\r", "\nb\r", "c"])).toEqual(["a", "b", "c"]);
    expect(await collect(["\n\n", "\r\n"])).toEqual(["", "", ""]);
    expect(await collect([])).toEqual([]);
    expect(await collect(["", "x", ""])).toEqual(["x"]);
  });

  it("caps a line at maxLine and drops the rest, keeping memory bounded", async () => {
    expect(await collect(["x".repeat(50), "y".repeat(50), "\nnext\n"], 10)).toEqual(["xxxxxxxxxx", "next"]);
    expect(await collect(["abc", "defghijkl", "mnop"], 5)).toEqual(["abcde"]);
    // A stream with no line end at all never holds more than maxLine characters.
    const s = new LineSplitter(8);
    for (let i = 0; i < 1000; i++) expect(s.push("z".repeat(100))).toEqual([]);
    expect(s.end()).toBe("z".repeat(8));
  });

  it("reads a Node Readable", async () => {
    const out: string[] = [];
    for await (const line of splitLines(Readable.from([Buffer.from("# get u\n# get u: 200 OK (0.001s)\r\n")]))) out.push(line);
    expect(out).toEqual(["# get u", "# get u: 200 OK (0.001s)"]);
  });

  it("gives the same lines for any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "bc", "\n", "\r\n", "\r", "é", "€", "𝄞"), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 12 }),
        async (parts, sizes, max) => {
          const text = parts.join("");
          const whole = await collect([text], max);
          expect(await collect(chunked(Buffer.from(text), sizes), max)).toEqual(whole);
          // and the same as a plain split on line ends, capped
          const expected = text.split(/\r\n|\r|\n/).map((l) => l.slice(0, max));
          if (expected[expected.length - 1] === "") expected.pop();
          expect(whole).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("JsonObjectSplitter", () => {
  const text = '{\n\t"Path": "example.com/a",\n\t"Version": "v1.0.0",\n\t"Error": "x } { \\" }"\n}\n{\n\t"Path": "example.com/b",\n\t"Version": "v1.2.0",\n\t"Info": "/c/b/@v/v1.2.0.info"\n}\n';

  it("splits go mod download -json's concatenated pretty objects, braces and quotes in strings included", () => {
    const s = new JsonObjectSplitter();
    expect(s.push(text)).toEqual([
      { Path: "example.com/a", Version: "v1.0.0", Error: 'x } { " }' },
      { Path: "example.com/b", Version: "v1.2.0", Info: "/c/b/@v/v1.2.0.info" },
    ]);
  });

  it("gives the same objects for any chunking", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const s = new JsonObjectSplitter();
        const out: unknown[] = [];
        for (let i = 0, k = 0; i < text.length; k++) {
          const n = sizes[k % sizes.length]!;
          out.push(...s.push(text.slice(i, i + n)));
          i += n;
        }
        expect(out).toEqual(new JsonObjectSplitter().push(text));
      }),
      { numRuns: 300 },
    );
  });

  it("drops an object larger than its cap and recovers for the next one", () => {
    const s = new JsonObjectSplitter(40);
    const big = `{"Path": "${"x".repeat(100)}", "N": {"a": 1}}`;
    expect(s.push(big.slice(0, 30))).toEqual([]);
    expect(s.push(big.slice(30) + '\n{"Path": "ok"}')).toEqual([{ Path: "ok" }]);
  });

  it("turns objects into module-result events", () => {
    expect(moduleResultEvent({ Path: "example.com/a", Version: "v1.0.0", Error: "reading x: 404 Not Found" }, 7)).toEqual({
      t: 7,
      kind: "module-result",
      module: "example.com/a",
      version: "v1.0.0",
      error: "reading x: 404 Not Found",
    });
    expect(moduleResultEvent({ Path: "example.com/b", Version: "v1.2.0", Sum: "h1:x" }, 7)).toEqual({ t: 7, kind: "module-result", module: "example.com/b", version: "v1.2.0" });
    expect(moduleResultEvent({ Version: "v1" }, 7)).toBeUndefined();
    expect(moduleResultEvent(null, 7)).toBeUndefined();
    expect(moduleResultEvent("x", 7)).toBeUndefined();
  });
});
