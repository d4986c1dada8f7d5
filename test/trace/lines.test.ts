import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { splitLines } from "../../src/trace/lines.js";
import { JsonObjectSplitter } from "../../src/trace/json-objects.js";
import { parseLogTimestamp, readLogHeader } from "../../src/trace/timestamps.js";

async function collect(chunks: (string | Buffer)[], max?: number): Promise<string[]> {
  async function* gen() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const line of splitLines(gen(), max)) out.push(line);
  return out;
}

describe("splitLines", () => {
  it("handles CRLF, a last line without newline and multi-byte characters split across chunks", async () => {
    const euro = Buffer.from("€");
    expect(await collect(["a\r\nb\n", Buffer.from("c"), euro.subarray(0, 1), euro.subarray(1), "\nlast"])).toEqual(["a", "b", "c€", "last"]);
  });
  it("caps a line at maxLine and drops the rest, keeping memory bounded", async () => {
    expect(await collect(["x".repeat(50), "y".repeat(50), "\nnext\n"], 10)).toEqual(["xxxxxxxxxx", "next"]);
  });
  it("gives the same lines for any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("a", "b", "\n", "\r\n", "é"), { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), async (parts, sizes) => {
        const text = parts.join("");
        const whole = await collect([text]);
        const chunks: Buffer[] = [];
        const bytes = Buffer.from(text);
        let i = 0;
        let k = 0;
        while (i < bytes.length) {
          const n = sizes[k++ % sizes.length]!;
          chunks.push(bytes.subarray(i, i + n));
          i += n;
        }
        expect(await collect(chunks)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe("JsonObjectSplitter", () => {
  it("splits go mod download -json's concatenated pretty objects, across chunks and braces in strings", () => {
    const s = new JsonObjectSplitter();
    const text = '{\n\t"Path": "example.com/a",\n\t"Version": "v1.0.0",\n\t"Error": "x } {"\n}\n{\n\t"Path": "example.com/b"\n}\n';
    const out = [...s.push(text.slice(0, 20)), ...s.push(text.slice(20))];
    expect(out).toEqual([{ Path: "example.com/a", Version: "v1.0.0", Error: "x } {" }, { Path: "example.com/b" }]);
  });
});

describe("parseLogTimestamp", () => {
  it("reads GitHub Actions, Go log and clock prefixes", () => {
    expect(parseLogTimestamp("2024-01-02T03:04:05.5000000Z # get x")).toEqual({ t: Date.parse("2024-01-02T03:04:05Z") + 500, rest: "# get x" });
    expect(parseLogTimestamp("2024/01/02 03:04:05 go: x").rest).toBe("go: x");
    expect(parseLogTimestamp("[12:00:01] go: x")).toEqual({ t: 43_201_000, rest: "go: x" });
    expect(parseLogTimestamp("go: downloading x v1")).toEqual({ rest: "go: downloading x v1" });
  });
  it("reads fixture log headers", () => {
    expect(readLogHeader("#! source: https://x\n#! expect: proxy-timeout\nbody")).toEqual({ source: ["https://x"], expect: ["proxy-timeout"] });
  });
});
