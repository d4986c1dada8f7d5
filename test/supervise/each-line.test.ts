import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { eachLine } from "../../src/supervise/each-line.js";

describe("eachLine", () => {
  it("gives every line once, across chunk boundaries, including a last line with no newline", async () => {
    const stream = new PassThrough();
    const seen: string[] = [];
    const done = eachLine(stream, (line) => seen.push(line));
    stream.write("# get https://proxy.golang.org/a/@v/v1.0.0.mod\n# get https://pro");
    stream.write(Buffer.from("xy.golang.org/a/@v/v1.0.0.info\r\n0.0"));
    stream.end("1s # get done");
    await done;
    expect(seen).toEqual(["# get https://proxy.golang.org/a/@v/v1.0.0.mod", "# get https://proxy.golang.org/a/@v/v1.0.0.info", "0.01s # get done"]);
  });

  it("resolves when the stream is destroyed before its end", async () => {
    const stream = new PassThrough();
    const seen: string[] = [];
    const done = eachLine(stream, (line) => seen.push(line));
    stream.write("one\ntwo");
    await new Promise((r) => setImmediate(r));
    stream.destroy();
    await done;
    expect(seen).toEqual(["one", "two"]);
  });

  it("rejects when the callback throws, and stops reading", async () => {
    const stream = new PassThrough();
    let calls = 0;
    const done = eachLine(stream, () => {
      calls++;
      throw new Error("boom");
    });
    stream.write("a\nb\n");
    await expect(done).rejects.toThrow("boom");
    stream.end("c\n");
    expect(calls).toBe(1);
  });
});
