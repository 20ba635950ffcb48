import type { EcmaScriptPluginOptions } from "@bufbuild/protoplugin";
import type { PluginOptions } from "./options.js";

/**
 * Our imports of ts-proto's files take their extension from protoplugin's
 * import_extension; a ts-proto importSuffix passed to us must agree with it,
 * or one of the two plugins would write imports that do not resolve.
 */
export function checkImportSuffix(options: PluginOptions & EcmaScriptPluginOptions): void {
  const suffix = options.tsProto.importSuffix;
  if (options.messages !== "ts-proto" || suffix === "") return;
  const expected = suffix.replace(/^\./, "");
  if (expected !== options.importExtension) {
    throw new Error(`importSuffix=${suffix} needs import_extension=${expected} (it is ${options.importExtension}), so that imports of ts-proto's files end the same way as ts-proto's own`);
  }
}
