import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import type { TsProtoOptions } from "../ts-proto-options.js";

/**
 * The exported name ts-proto gives a message (ts-proto src/visit.ts): each
 * nesting level camel-cased if it has an underscore, joined with `_` (or
 * nothing with useSnakeTypeName=false), wrapped in the type and message
 * affixes, and `Date`/`Function` suffixed with `Message`.
 */
export function tsProtoMessageName(message: DescMessage, options: TsProtoOptions): string {
  const delimiter = options.useSnakeTypeName ? "_" : "";
  let name = "";
  for (const level of nesting(message)) {
    name = (name === "" ? "" : name + delimiter) + maybeSnakeToCamel(level.name, options);
  }
  const wrapped = options.typePrefix + options.messagePrefix + name + options.messageSuffix + options.typeSuffix;
  return wrapped === "Date" || wrapped === "Function" ? `${wrapped}Message` : wrapped;
}

/**
 * The module ts-proto writes a file's messages to, as a path from the output
 * root ending in `.js` (protoplugin then applies import_extension), or the
 * module an `M<file>=<module>` option maps the file to.
 */
export function tsProtoModule(file: DescFile, options: TsProtoOptions): string {
  return options.moduleMap.get(file.proto.name) ?? `./${file.name}${options.fileSuffix}.js`;
}

function nesting(message: DescMessage): DescMessage[] {
  const levels: DescMessage[] = [];
  for (let m: DescMessage | undefined = message; m !== undefined; m = m.parent) levels.unshift(m);
  return levels;
}

/** ts-proto src/case.ts maybeSnakeToCamel and snakeToCamel. */
function maybeSnakeToCamel(name: string, options: TsProtoOptions): string {
  if (!options.snakeToCamelKeys || !name.includes("_")) return name;
  const hasLowerCase = /[a-z]/.test(name);
  return name
    .split("_")
    .map((word, i) => {
      const w = hasLowerCase ? word : word.toLowerCase();
      return i === 0 ? w : w.substring(0, 1).toUpperCase() + w.substring(1);
    })
    .join("");
}
