// Orders go versions (go1.19, go1.21.0, go1.22rc1, 1.23): what gover.Compare does, simplified.

function parts(v: string): [number, number, number, number] {
  const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v.trim());
  if (!m) return [0, 0, 0, 0];
  // A pre-release sorts before the release: rc/beta give a negative fourth part.
  const pre = m[4] ? (m[4] === "beta" ? -200 : -100) + Number(m[5] ?? 0) : 0;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), pre];
}

export function compareGoVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 4; i++) {
    const d = x[i]! - y[i]!;
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
