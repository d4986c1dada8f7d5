// `go mod download -json` says a module failed in its JSON result only (no
// `go:` line on stderr): that result's Error must reach the trace's errors,
// which the rules read, once, in both detectors.
import { describe, expect, it } from "vitest";
import type { Event } from "../../src/trace/events.js";
import { bothDetectors } from "./both-detectors.js";
const MOD = "github.com/Netflix/go-expect";
const VER = "v0.0.0-20220104043353-73e0943537d2";
const ERROR = `${MOD}@${VER}: reading http://127.0.0.1:9/github.com/!netflix/go-expect/@v/${VER}.info: 404 Not Found\n\tserver response: not found`;

function errorsOf(events: Event[]) {
  const { pure, inPlace } = bothDetectors(events);
  expect(inPlace.errors).toEqual(pure.errors);
  return pure.errors;
}

describe("failed -json results as trace errors", () => {
  it("a failed result is an error naming its module, worded as go's own line", () => {
    const errors = errorsOf([{ t: 1, kind: "module-result", module: MOD, version: VER, error: ERROR }]);
    expect(errors).toEqual([{ message: `go: ${ERROR.split("\n")[0]}`, details: ["\tserver response: not found"], module: MOD, version: VER }]);
  });

  it("a result without the module in its text gets it in front", () => {
    const errors = errorsOf([{ t: 1, kind: "module-result", module: MOD, version: VER, error: "unrecognized import path" }]);
    expect(errors[0]!.message).toBe(`go: ${MOD}@${VER}: unrecognized import path`);
  });

  it("a successful result adds no error", () => {
    expect(errorsOf([{ t: 1, kind: "module-result", module: MOD, version: VER }])).toEqual([]);
  });

  it("go's own line for the same failure, before or after the result, is kept once", () => {
    const line = `go: ${ERROR.split("\n")[0]}`;
    const goError: Event = { t: 1, kind: "go-error", message: line, module: MOD, version: VER };
    const result: Event = { t: 2, kind: "module-result", module: MOD, version: VER, error: ERROR };
    expect(errorsOf([goError, result])).toHaveLength(1);
    expect(errorsOf([result, { ...goError, t: 3 }])).toHaveLength(1);
  });
});
