// A saved log can hold millions of error lines (a loop retrying, a flood of
// `requires` chains): both detectors keep the first errors and a bounded number
// of detail lines each, so memory does not grow with the log.
import { describe, expect, it } from "vitest";
import { MAX_DETAILS, MAX_ERRORS } from "../../src/stall/state.js";
import type { Event } from "../../src/trace/events.js";
import { bothDetectors as both } from "./both-detectors.js";

describe("error caps", () => {
  it("keeps the first MAX_ERRORS go errors", () => {
    const events: Event[] = Array.from({ length: MAX_ERRORS + 500 }, (_, i) => ({ t: i, kind: "go-error", message: `go: example.com/m${i}@v1.0.0: reading: 404 Not Found` }));
    const { pure, inPlace } = both(events);
    expect(pure.errors).toHaveLength(MAX_ERRORS);
    expect(pure.errors[0]!.message).toContain("example.com/m0@");
    expect(pure.errors.at(-1)!.message).toContain(`example.com/m${MAX_ERRORS - 1}@`);
    expect(inPlace.errors).toEqual(pure.errors);
  });

  it("keeps MAX_DETAILS detail lines of one error, the first ones", () => {
    const events: Event[] = [{ t: 0, kind: "go-error", message: "go: example.com/a@v1.0.0 requires" }];
    for (let i = 0; i < MAX_DETAILS * 3; i++) events.push({ t: i + 1, kind: "go-error-detail", message: `\tdetail ${i}` });
    const { pure, inPlace } = both(events);
    expect(pure.errors).toHaveLength(1);
    expect(pure.errors[0]!.details).toHaveLength(MAX_DETAILS);
    expect(pure.errors[0]!.details[0]).toBe("\tdetail 0");
    expect(inPlace.errors).toEqual(pure.errors);
  });

  it("detail lines with no error before them are errors when they read as one, capped the same", () => {
    const events: Event[] = Array.from({ length: MAX_ERRORS + 10 }, (_, i) => ({ t: i, kind: "go-error-detail", message: `fatal: orphan ${i}` }));
    // The first orphan opens an error; the rest are its details (capped).
    const { pure, inPlace } = both(events);
    expect(pure.errors[0]!.message).toBe("fatal: orphan 0");
    expect(pure.errors[0]!.details.length).toBeLessThanOrEqual(MAX_DETAILS);
    expect(inPlace.errors).toEqual(pure.errors);
  });

  it("another tool's indented output with no error before it is not an error", () => {
    const { pure } = both([{ t: 0, kind: "go-error-detail", message: "• building...   commit=de4f3e5 latest tag=v0.48.0" }]);
    expect(pure.errors).toEqual([]);
  });
});
