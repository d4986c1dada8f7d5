import { describe, expect, it } from "vitest";
import { JsonResultLines } from "../../src/trace/json-objects.js";

describe("JsonResultLines: go's -json results inside a saved -x log", () => {
  it("takes the lines of each pretty-printed object and gives one module-result per object, errors included", () => {
    const json = new JsonResultLines();
    const text = [
      "{",
      '\t"Path": "example.com/a",',
      '\t"Version": "v1.0.0",',
      '\t"Error": "example.com/a@v1.0.0: reading https://proxy.golang.org/example.com/a/@v/v1.0.0.zip: 404 Not Found"',
      "}",
      "{",
      '\t"Path": "example.com/b",',
      '\t"Version": "v0.2.0"',
      "}",
    ];
    const out = text.map((line) => json.take(line, 5));
    expect(out.slice(0, 4)).toEqual([[], [], [], []]); // taken, nothing complete yet
    expect(out[4]).toEqual([{ t: 5, kind: "module-result", module: "example.com/a", version: "v1.0.0", error: "example.com/a@v1.0.0: reading https://proxy.golang.org/example.com/a/@v/v1.0.0.zip: 404 Not Found" }]);
    expect(out[8]).toEqual([{ t: 5, kind: "module-result", module: "example.com/b", version: "v0.2.0" }]);
  });

  it("leaves trace lines alone, and stops swallowing after a `{` that never closes", () => {
    const json = new JsonResultLines();
    expect(json.take("# get https://proxy.golang.org/example.com/a/@v/list", 0)).toBeUndefined();
    expect(json.take("{ not json", 0)).toEqual([]);
    for (let i = 0; i < 200; i++) json.take(`# get https://proxy.golang.org/m${i}/@v/list`, 0);
    expect(json.take("# get https://proxy.golang.org/example.com/z/@v/list", 0)).toBeUndefined();
  });

  it("gives back the lines of an object that is not go's result (another tool's JSON quoting go's stderr), once", () => {
    const json = new JsonResultLines();
    const lines = ["{", '  "lockFile": "go.sum",', '  "stderr": "Command failed: go get -d -t ./...\\ngo: example.com/a@v1.0.0: reading https://x.test/a: 403 Forbidden\\n"', "}"];
    for (const line of lines.slice(0, 3)) {
      expect(json.take(line, 0)).toEqual([]);
      expect(json.giveBack()).toEqual([]);
    }
    expect(json.take(lines[3]!, 0)).toEqual([]);
    expect(json.giveBack()).toEqual(lines);
    expect(json.giveBack()).toEqual([]);
  });

  it("keeps go's own result objects (nothing given back), and gives back what a `{` that never closed had taken", () => {
    const json = new JsonResultLines();
    for (const line of ["{", '\t"Path": "example.com/b",', '\t"Version": "v0.2.0"', "}"]) json.take(line, 0);
    expect(json.giveBack()).toEqual([]);
    const open = new JsonResultLines();
    open.take("{ not json", 0);
    for (let i = 0; i < 200; i++) open.take(`go: line ${i}`, 0);
    const back = open.giveBack();
    expect(back[0]).toBe("{ not json");
    expect(back).toHaveLength(201);
  });
});
