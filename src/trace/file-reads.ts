// The go command's error for a file:// GOPROXY entry it could not read
// (cmd/go/internal/web getFile and HTTPError.Error): `reading file:///DIR/
// MOD/@v/VER.mod: no such file or directory`. Missing is go's 404, so `,`
// falls through to the next entry; permission denied is a 403.
const FILE_READ = /reading (file:\/\/\S+?): (no such file or directory|permission denied|is a directory|not a directory)/g;

export interface FileRead {
  url: string;
  reason: string;
}

export function fileReads(text: string): FileRead[] {
  return [...text.matchAll(FILE_READ)].map((m) => ({ url: m[1]!, reason: m[2]! }));
}
