import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { pluginVersion } from "../../plugin/version.js";

it("reports the version of package.json", () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"));
  expect(pluginVersion).toBe(pkg.version);
});
