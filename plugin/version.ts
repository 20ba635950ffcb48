/** The plugin's version, printed by `--version` and in file preambles; a test keeps it equal to package.json's. */
export const pluginVersion = "0.1.0";
