// Whether a saved log was run in Git Bash (MSYS2) on Windows: its prompt's
// title line names the MSYS environment (`me@PC MINGW64 ~/src/app (main)`),
// or a `$ ` prompt runs a command on a Windows path (`$ cd /c/Users/me/app`,
// `$ go env -w GOPATH=C:\go`). The machine is Windows (Evidence.os), but the
// shell the user pastes fixes into is bash: the fixes stay POSIX.

/** The line Git Bash prints above each `$ ` prompt: user@host, the MSYS2 environment, the directory. */
const MSYS_TITLE = /^[^\s@]+@\S+ (?:MINGW(?:32|64)|MSYS|UCRT64|CLANG(?:32|64|ARM64))(?:\s|$)/;
/** A `$ ` prompt whose command names a Windows path: a drive (`C:\`, `C:/`) or MSYS's mount of it (`/c/Users/`). */
const PROMPT_WINDOWS_PATH = /^\$ \S.*(?:(?:^|[\s"'=])[A-Za-z]:[\\/]|(?:^|[\s"'=:])\/[a-z]\/(?:Users|Program Files|Windows|ProgramData)\/)/;

export function gitBashSignal(line: string): boolean {
  if (line.startsWith("$ ")) return PROMPT_WINDOWS_PATH.test(line);
  return line.includes("@") && MSYS_TITLE.test(line);
}
