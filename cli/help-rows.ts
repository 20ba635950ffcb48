/** An option or argument of a help text and its description. */
export type HelpRow = readonly [name: string, description: string];

const nameWidth = 21;
const lineWidth = 80;

/**
 * Help rows in two columns: names indented by 2, descriptions from column
 * 25, wrapped at word boundaries to 80 columns.
 */
export function helpRows(rows: readonly HelpRow[]): string {
  const indent = " ".repeat(2 + nameWidth + 2);
  return rows
    .map(([name, description]) => {
      const [first = "", ...more] = wrap(description, lineWidth - indent.length);
      const head = name.length > nameWidth ? `  ${name}\n${indent}${first}` : `  ${name.padEnd(nameWidth)}  ${first}`;
      return [head, ...more.map((line) => `${indent}${line}`)].join("\n");
    })
    .join("\n");
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** The `-h, --help` row every command has. */
export const helpRow: HelpRow = ["-h, --help", "this help"];
