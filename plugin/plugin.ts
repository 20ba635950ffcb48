import { createEcmaScriptPlugin } from "@bufbuild/protoplugin";
import { generateTs } from "./generate.js";
import { parseOptions } from "./options.js";
import { pluginVersion } from "./version.js";

/** The buf/protoc plugin: Koinos envelope services and broadcast events to typed TypeScript. */
export const protocGenKoinosMq = createEcmaScriptPlugin({
  name: "protoc-gen-koinos-mq",
  version: `v${pluginVersion}`,
  parseOptions,
  generateTs,
});
