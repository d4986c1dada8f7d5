// The errors the tool expects: each maps to exit code 2 with one readable line.
// Anything else that escapes is a bug (its stack shows only under --debug).

export type ToolErrorCode =
  | "usage"
  | "no-go-mod"
  | "bad-go-mod"
  | "no-go"
  | "old-go"
  | "bad-dir"
  | "bad-input"
  | "go-env";

export class ToolError extends Error {
  readonly code: ToolErrorCode;
  constructor(code: ToolErrorCode, message: string) {
    super(message);
    this.name = "ToolError";
    this.code = code;
  }
}

export function isToolError(error: unknown): error is ToolError {
  return error instanceof ToolError;
}
