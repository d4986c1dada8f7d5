// `gomod-doctor explain CODE`: the long form of one finding, from the catalogue.
import { allCauses, findCause } from "../rules/catalogue.js";
import { ToolError } from "../util/errors.js";
import { writeOut } from "../output.js";

export async function explainCommand(code: string | undefined, flags: { list?: boolean; json?: boolean }): Promise<number> {
  if (flags.list || !code) {
    const causes = allCauses();
    if (flags.json) await writeOut(JSON.stringify(causes.map(({ code, name, title }) => ({ code, name, title }))));
    else await writeOut(causes.map((c) => `${c.code}  ${c.name.padEnd(28)} ${c.title}`).join("\n"));
    return 0;
  }
  const cause = findCause(code);
  if (!cause) throw new ToolError("usage", `unknown finding code "${code}" (gomod-doctor explain --list shows them all)`);
  if (flags.json) await writeOut(JSON.stringify(cause));
  else await writeOut(`${cause.code} ${cause.name}: ${cause.title}\n\n${cause.explain}`);
  return 0;
}
