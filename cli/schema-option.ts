import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError } from "../runtime/errors.js";
import { schemaSet, type SchemaSet } from "../runtime/schema/index.js";
import { CliError, usageError } from "./cli-error.js";
import { withCompiledProtos } from "./compile-protos.js";
import type { HelpRow } from "./help-rows.js";

/** The `--schema` option of the commands that need the Koinos schemas. */
export const schemaOptions = { schema: { type: "string", short: "s" } } as const;

/** Help row of `--schema`. */
export const schemaRow: HelpRow = [
  "-s, --schema <path>",
  "the schemas (default: KOINOS_MQ_SCHEMA): a descriptor set file (Koinos's koinos_descriptors.pb, " +
    "buf build -o x.binpb, protoc --include_imports --descriptor_set_out=x.pb), a directory of such files, " +
    "or a directory of .proto files (compiled with buf)",
];

/**
 * The services, topics and types of `--schema` (else KOINOS_MQ_SCHEMA),
 * found with the plugin's own model.
 */
export function loadSchema(flag: string | undefined): SchemaSet {
  const env = process.env["KOINOS_MQ_SCHEMA"];
  const path = flag ?? (env === undefined || env === "" ? undefined : env);
  if (path === undefined) {
    throw usageError(
      "no schema: pass --schema <path> (or set KOINOS_MQ_SCHEMA) to a descriptor set such as Koinos's koinos_descriptors.pb, " +
        "one made with `buf build path/to/koinos-proto -o koinos.binpb`, or a directory of .proto files",
    );
  }
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw usageError(`--schema ${path}: no such file or directory`, { cause: error });
  }
  try {
    if (isDirectory && holdsProtoFiles(path)) return withCompiledProtos(path, (descriptors) => schemaSet({ descriptors }));
    return schemaSet({ descriptors: path });
  } catch (error) {
    if (error instanceof InvalidArgumentError || error instanceof CliError || !(error instanceof Error)) throw error;
    // The plugin's model refuses malformed envelopes and topics with the file and line.
    throw usageError(`--schema ${path}: ${error.message}`, { cause: error });
  }
}

/** True if `dir` or a directory under it (not node_modules, not hidden) holds a .proto file. */
function holdsProtoFiles(dir: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    if (entry.isFile() && entry.name.endsWith(".proto")) return true;
    if (entry.isDirectory() && entry.name !== "node_modules" && holdsProtoFiles(join(dir, entry.name))) return true;
  }
  return false;
}
