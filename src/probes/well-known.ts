// Public code hosts and module domains: a module on one of these is not
// "private" merely because its host is unfamiliar to us.
export const PUBLIC_HOSTS = [
  "github.com",
  "gitlab.com",
  "bitbucket.org",
  "golang.org",
  "google.golang.org",
  "cloud.google.com",
  "go.googlesource.com",
  "gopkg.in",
  "go.uber.org",
  "go.opentelemetry.io",
  "go.etcd.io",
  "go.mongodb.org",
  "k8s.io",
  "sigs.k8s.io",
  "honnef.co",
  "gonum.org",
  "gotest.tools",
  "mvdan.cc",
  "launchpad.net",
  "code.gitea.io",
  "codeberg.org",
  "gitee.com",
  "dario.cat",
  "filippo.io",
  "lukechampine.com",
  "modernc.org",
  "rsc.io",
  "cuelang.org",
  "go.starlark.net",
  "howett.net",
  "git.sr.ht",
];

export function isPublicHost(host: string): boolean {
  const name = host.toLowerCase();
  return PUBLIC_HOSTS.some((h) => name === h || name.endsWith(`.${h}`));
}

/** The host part of a module path (`git.corp.example/team/mod` -> `git.corp.example`). */
export function moduleHost(path: string): string {
  return path.split("/", 1)[0]!.toLowerCase();
}
