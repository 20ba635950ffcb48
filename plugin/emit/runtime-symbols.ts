import type { GeneratedFile, ImportSymbol } from "@bufbuild/protoplugin";

/** The package generated code imports the runtime from. */
export const runtimeModule = "koinos-mq-ts";

/** A runtime value imported into `f`. */
export function runtimeValue(f: GeneratedFile, name: string): ImportSymbol {
  return f.import(name, runtimeModule);
}

/** A runtime type imported into `f` (type-only). */
export function runtimeType(f: GeneratedFile, name: string): ImportSymbol {
  return f.import(name, runtimeModule, true);
}
