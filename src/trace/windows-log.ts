// Whether a saved log comes from a Windows machine, from signals only Windows
// produces: its socket errors in go's network errors (`connectex:`,
// `wsarecv:`, `getaddrinfow:`), a cmd or PowerShell prompt (`C:\src>`,
// `PS C:\src>`), `go env` as Windows prints it (`set GOPATH=...`), a path with
// a drive letter and backslashes (`C:\Users\me\go\pkg\mod\...`), or a
// positioned go error with backslashes (`pkg\file.go:3:2:`). One stray
// backslash (an escape, a regexp) is none of these.

/** Go's net errors name the failing Windows call: connectex, wsarecv, wsasend, wsarecvfrom, wsasendto, wsaioctl, getaddrinfow. */
const WINSOCK = /: (?:connectex|wsarecv|wsasend|wsarecvfrom|wsasendto|wsaioctl|getaddrinfow): /;
/** A cmd prompt (`C:\dir>go ...`, possibly quoted `> C:\dir>`) or a PowerShell one (`PS C:\dir>`). */
const PROMPT = /^(?:> ?)?(?:PS )?[A-Za-z]:\\[^<>|"\r\n]*>/;
/** `go env` on Windows prints `set NAME=value`; a Windows GOROOT/GOPATH/GOMODCACHE in any dump. */
const GO_ENV = /^set GO[A-Z0-9_]*=|\bGO(?:ROOT|PATH|MODCACHE|CACHE|ENV)["']?[=:] ?["']?[A-Za-z]:\\/;
/** A drive letter and two backslash-separated names at least: `C:\Users\me`, `d:\go\pkg`. */
const DRIVE_PATH = /(?:^|[\s"'(=`])[A-Za-z]:\\[^\\\s"'<>|]+\\[^\\\s"'<>|]/;
/** A file position go prints with the OS separator: `channels\infoflow.go:12:2:`. */
const POSITION = /(?:^|\s)[\w.@-]+(?:\\[\w.@-]+)+\.(?:go|mod|work|sum):\d+(?::\d+)?:/;

/** Cheap test first: most lines of a large log have neither a backslash nor a Windows socket word. */
export function windowsSignal(line: string): boolean {
  const slash = line.includes("\\");
  if (!slash && !line.startsWith("set GO") && !line.includes(": connectex:") && !line.includes(": wsa") && !line.includes(": getaddrinfow:")) return false;
  if (WINSOCK.test(line)) return true;
  if (!slash) return line.startsWith("set GO") && GO_ENV.test(line);
  return PROMPT.test(line) || GO_ENV.test(line) || DRIVE_PATH.test(line) || POSITION.test(line);
}
