// `-x` is added so the tool can see fetches, but for go build/test/run it
// also echoes every compile and link command. The user did not ask for that:
// these lines are told apart from go's own output and not passed through.
// Shapes from golang/go src/cmd/go/internal/work/shell.go (fmtCmd, ShowCmd):
// the work dir is printed as $WORK, a directory change as its own `cd DIR`
// line, go's internal steps end in `# internal`, files it writes are shown as
// `cat >FILE << 'EOF'` heredocs.

const TOOL = /^\S*\/pkg\/tool\/[^/\s]+\/[\w.-]+(?:\s|$)/;
const CD = /^cd [^;]+$/;
const HEREDOC = /<< 'EOF'(?: # internal)?$/;

/** A stateful predicate: true for lines go prints for the user, false for -x command echo. */
export function createEchoFilter(): (line: string) => boolean {
  let inHeredoc = false;
  return (line) => {
    if (inHeredoc) {
      if (line === "EOF") inHeredoc = false;
      return false;
    }
    if (HEREDOC.test(line)) {
      inHeredoc = true;
      return false;
    }
    return !(
      line.startsWith("WORK=") ||
      line.includes("$WORK") ||
      line.endsWith(" # internal") ||
      CD.test(line) ||
      TOOL.test(line)
    );
  };
}
