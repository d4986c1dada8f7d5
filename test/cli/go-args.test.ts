import { describe, expect, it } from "vitest";
import { goArgsFrom, needsNoModule, printsModuleJson } from "../../src/supervise/go-args.js";
import { splitGoCommand } from "../../src/cli.js";

describe("go command after --", () => {
  it("defaults to go mod download -x -json", () => {
    expect(goArgsFrom(undefined)).toEqual(["mod", "download", "-x", "-json"]);
    expect(printsModuleJson(goArgsFrom(undefined))).toBe(true);
  });
  it("adds -x after the subcommand where go reads its flags", () => {
    expect(goArgsFrom(["go", "mod", "tidy"])).toEqual(["mod", "tidy", "-x"]);
    expect(goArgsFrom(["go", "build", "./..."])).toEqual(["build", "-x", "./..."]);
    expect(goArgsFrom(["go", "get", "example.com/a@v1.0.0"])).toEqual(["get", "-x", "example.com/a@v1.0.0"]);
    expect(goArgsFrom(["/usr/local/go/bin/go", "test", "-run", "X", "./..."])).toEqual(["test", "-x", "-run", "X", "./..."]);
  });
  it("keeps an -x the user already gave", () => {
    expect(goArgsFrom(["go", "mod", "download", "-x"])).toEqual(["mod", "download", "-x"]);
    expect(printsModuleJson(["mod", "download", "-x"])).toBe(false);
  });
  it("refuses what is not a go command", () => {
    expect(() => goArgsFrom(["make", "deps"])).toThrow(/must be a go command/);
    expect(() => goArgsFrom(["go"])).toThrow(/needs a subcommand/);
  });
  it("splits the tool's arguments from the go command at the first --", () => {
    expect(splitGoCommand(["diagnose", "--json", "--", "go", "mod", "tidy", "--", "x"])).toEqual({
      toolArgs: ["diagnose", "--json"],
      goCommand: ["go", "mod", "tidy", "--", "x"],
    });
    expect(splitGoCommand(["probe"])).toEqual({ toolArgs: ["probe"] });
  });
});

describe("needsNoModule", () => {
  it("is true for module-less commands given PATH@VERSION", () => {
    expect(needsNoModule(["install", "-x", "golang.org/x/tools/gopls@latest"])).toBe(true);
    expect(needsNoModule(["run", "-x", "example.com/cmd/tool@v1.2.3", "--flag"])).toBe(true);
    expect(needsNoModule(["mod", "download", "-x", "-json", "example.com/a@v1.0.0"])).toBe(true);
    expect(needsNoModule(["list", "-x", "-m", "example.com/a@latest"])).toBe(true);
  });
  it("is false for commands that read go.mod, or without a version", () => {
    expect(needsNoModule(["mod", "download", "-x", "-json"])).toBe(false);
    expect(needsNoModule(["install", "-x", "./cmd/tool"])).toBe(false);
    expect(needsNoModule(["build", "-x", "example.com/a@v1.0.0"])).toBe(false);
    expect(needsNoModule(["mod", "tidy", "-x"])).toBe(false);
  });
});
