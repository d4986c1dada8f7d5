// The lenient go.mod / go.work reading used only when the local go rejects
// syntax newer than itself, and the check that decides when that is.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { lenientModFile, lenientWorkFile, onlyNewerSyntax, workFileWithAbsolutePaths } from "../../src/context/modfile-text.js";

// What go1.19 prints (observed) for `go 1.22.1` plus `toolchain go1.22.1`.
const GO119_NEWER = "go: errors parsing go.mod:\n/p/go.mod:3: invalid go version '1.22.1': must match format 1.23\n/p/go.mod:5: unknown directive: toolchain\n";

describe("onlyNewerSyntax", () => {
  it("is true when every complaint is a newer go line, toolchain or godebug directive", () => {
    expect(onlyNewerSyntax(GO119_NEWER)).toBe(true);
    expect(onlyNewerSyntax("go: errors parsing go.work:\n/w/go.work:3: unknown directive: toolchain\n")).toBe(true);
    expect(onlyNewerSyntax("go: errors parsing go.mod:\n/p/go.mod:7: unknown directive: godebug\n")).toBe(true);
    // go1.24's tool and go1.25's ignore, as go1.23 meets them.
    expect(onlyNewerSyntax("go: errors parsing go.mod:\n/p/go.mod:9: unknown directive: tool\n/p/go.mod:11: unknown block type: ignore\n")).toBe(true);
  });

  it("is false when anything else is wrong too, or go said something else entirely", () => {
    expect(onlyNewerSyntax(`${GO119_NEWER}/p/go.mod:9: syntax error (unterminated block started at /p/go.mod:7:9)\n`)).toBe(false);
    expect(onlyNewerSyntax("go: errors parsing go.mod:\n/p/go.mod:3: unknown directive: requre\n")).toBe(false);
    expect(onlyNewerSyntax("go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n")).toBe(false);
    expect(onlyNewerSyntax("")).toBe(false);
  });
});

describe("lenientModFile", () => {
  it("reads module, go, toolchain, requirements (single and block, // indirect), replaces and excludes", () => {
    const mod = lenientModFile(
      [
        "// a comment",
        'module "example.com/app" // quoted, as go allows',
        "",
        "go 1.22.1",
        "toolchain go1.22.1",
        "godebug (",
        "\tdefault=go1.21",
        ")",
        "require example.com/one v1.0.0",
        "require (",
        "\texample.com/two v0.2.0 // indirect",
        "\texample.com/three v3.0.0 // indirect; a note",
        "\texample.com/four v4.0.0 // not indirect",
        ")",
        "replace example.com/two => ../two",
        "replace (",
        "\texample.com/three v3.0.0 => example.com/fork v3.0.1",
        ")",
        "exclude example.com/one v0.9.0",
        "",
      ].join("\n"),
    );
    expect(mod).toEqual({
      module: "example.com/app",
      go: "1.22.1",
      toolchain: "go1.22.1",
      require: [
        { path: "example.com/one", version: "v1.0.0", indirect: false },
        { path: "example.com/two", version: "v0.2.0", indirect: true },
        { path: "example.com/three", version: "v3.0.0", indirect: true },
        { path: "example.com/four", version: "v4.0.0", indirect: false },
      ],
      replace: [
        { oldPath: "example.com/two", newPath: "../two", local: true },
        { oldPath: "example.com/three", oldVersion: "v3.0.0", newPath: "example.com/fork", newVersion: "v3.0.1", local: false },
      ],
      exclude: [{ path: "example.com/one", version: "v0.9.0" }],
    });
  });

  it("has no module when the text has no module line (the caller keeps that an error)", () => {
    expect(lenientModFile("go 1.22.1\ntoolchain go1.22.1\n").module).toBe("");
  });
});

describe("lenientWorkFile", () => {
  it("reads go, toolchain, use (single and block) and replace", () => {
    expect(lenientWorkFile("go 1.22.1\ntoolchain go1.22.3\n\nuse ./a\nuse (\n\t./b\n\t/abs/c\n)\nreplace example.com/x => ./x\n")).toEqual({
      go: "1.22.1",
      toolchain: "go1.22.3",
      use: ["./a", "./b", "/abs/c"],
      replace: [{ oldPath: "example.com/x", newPath: "./x", local: true }],
    });
  });
});

describe("workFileWithAbsolutePaths", () => {
  const abs = (text: string) => workFileWithAbsolutePaths(text, "/w", path.posix.resolve);

  it("makes use directories and local replace targets absolute, quoting what needs it", () => {
    expect(abs("use .\nuse ./a\nuse \"./with space\"\nuse /abs/b\n")).toBe('use /w\nuse /w/a\nuse "/w/with space"\nuse /abs/b\n');
    expect(abs("use sub\n")).toBe("use /w/sub\n");
    expect(abs("replace example.com/x v1.0.0 => ../x\n")).toBe("replace example.com/x v1.0.0 => /x\n");
  });

  it("keeps module-path replacements, other directives, comments and block structure", () => {
    const text = "go 1.23\ntoolchain go1.23.5\ngodebug default=go1.21\n\nreplace (\n\texample.com/y => example.com/z v1.2.0\n\texample.com/w => ./w // fork\n)\n";
    expect(abs(text)).toBe("go 1.23\ntoolchain go1.23.5\ngodebug default=go1.21\n\nreplace (\n\texample.com/y => example.com/z v1.2.0\n\texample.com/w => /w/w // fork\n)\n");
  });
});
