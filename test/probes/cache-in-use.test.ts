// Partial files a live process is writing are in use, not left over; zips
// named in go's errors are stat'ed (size, .ziphash) without changing them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { guardingLock } from "../../src/probes/cache-scan.js";
import { inspectModcache, markInUse, realFs, zipsNamedInErrors } from "../../src/probes/modcache.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const C = "/home/dev/go/pkg/mod";

describe("the lock that guards a partial file", () => {
  it("a download's temp file and .partial: the version's .lock beside it; an extraction dir: the lock under cache/download", () => {
    expect(guardingLock(C, `${C}/cache/download/example.com/a/@v/v1.0.0.zip233411419.tmp`)).toBe(`${C}/cache/download/example.com/a/@v/v1.0.0.lock`);
    expect(guardingLock(C, `${C}/cache/download/example.com/a/@v/v1.0.0.partial`)).toBe(`${C}/cache/download/example.com/a/@v/v1.0.0.lock`);
    expect(guardingLock(C, `${C}/example.com/!foo@v1.2.0.tmp-12345`)).toBe(`${C}/cache/download/example.com/!foo/@v/v1.2.0.lock`);
    expect(guardingLock(C, "/elsewhere/x.tmp-1")).toBeUndefined();
  });

  it("marks in use only the files whose lock a holder has", () => {
    const held = `${C}/cache/download/example.com/a/@v/v1.0.0.zip1.tmp`;
    const free = `${C}/cache/download/example.com/b/@v/v1.2.0.zip2.tmp`;
    const out = markInUse(C, [{ file: held, bytes: 1, ageMs: 1 }, { file: free, bytes: 1, ageMs: 1 }], [{ file: `${C}/cache/download/example.com/a/@v/v1.0.0.lock`, pid: 42, waiters: [] }]);
    expect(out).toEqual([{ file: held, bytes: 1, ageMs: 1, heldBy: 42 }, { file: free, bytes: 1, ageMs: 1 }]);
  });
});

describe("zips named in go's errors", () => {
  it("only `unzip FILE.zip` inside this cache's download folder", () => {
    const errors = [
      { message: `go: example.com/a@v1.0.0: unzip ${C}/cache/download/example.com/a/@v/v1.0.0.zip: zip: not a valid zip file`, details: [] },
      { message: "go: unzip /other/cache/download/x/@v/v1.zip: zip: not a valid zip file", details: [] },
    ];
    expect(zipsNamedInErrors(C, { errors } as never)).toEqual([`${C}/cache/download/example.com/a/@v/v1.0.0.zip`]);
  });

  it("reports size and .ziphash of each, and that a missing one is gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gmd-zips-"));
    dirs.push(dir);
    const at = join(dir, "cache/download/example.com/a/@v");
    mkdirSync(at, { recursive: true });
    writeFileSync(join(at, "v1.0.0.zip"), Buffer.alloc(100));
    writeFileSync(join(at, "v1.0.0.ziphash"), "h1:x");
    const zip = join(at, "v1.0.0.zip");
    const gone = join(at, "v2.0.0.zip");
    const facts = await inspectModcache({ dir, modules: [], goflags: "", fs: realFs, now: () => Date.now(), namedZips: [zip, gone] });
    expect(facts.namedZips).toEqual([
      { file: zip, exists: true, bytes: 100, ageMs: expect.any(Number), ziphash: true },
      { file: gone, exists: false },
    ]);
  });
});
