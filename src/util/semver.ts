// Module versions as golang.org/x/mod/semver reads them: enough to check a
// proxy's @v/list line and to order versions newest first.

/** semver.IsValid: vMAJOR[.MINOR[.PATCH[-pre][+build]]]. */
export const SEMVER = /^v(0|[1-9]\d*)(\.(0|[1-9]\d*)(\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?)?$/;

/** A complete version a proxy serves: vX.Y.Z[-pre][+incompatible]. */
export const CANONICAL_VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+incompatible)?$/;

function parts(v: string): { nums: number[]; pre: string[] } {
  const core = v.slice(1).split("+", 1)[0]!;
  const dash = core.indexOf("-");
  const main = dash < 0 ? core : core.slice(0, dash);
  const nums = main.split(".").map(Number);
  while (nums.length < 3) nums.push(0);
  return { nums, pre: dash < 0 ? [] : core.slice(dash + 1).split(".") };
}

function comparePre(a: string[], b: string[]): number {
  // A release sorts after its pre-releases.
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? 1 : 0) - (b.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** semver.Compare for valid versions: negative, zero or positive. */
export function compareSemver(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  return comparePre(x.pre, y.pre);
}

/** A pseudo-version's commit: its last 12 hex digits (`v0.0.0-20190227174305-8f45f776aaf1`, `v3.9.1-0.20190424152011-77b8897ec79a+incompatible`). */
const PSEUDO_COMMIT = /[-.]\d{14}-([0-9a-f]{12})(?:\+incompatible)?$/;

/** The commit a pseudo-version names (its 12-digit hash prefix), or undefined for a tagged version. */
export function pseudoCommit(version: string): string | undefined {
  return PSEUDO_COMMIT.exec(version)?.[1];
}
