import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { parse } from "yaml";

/** The gateway's settings, with koinos-jsonrpc's names; durations in seconds as it takes them. */
export interface GatewaySettings {
  readonly amqp: string;
  readonly listen: string;
  readonly endpoint: string;
  /** A descriptor file or directory; relative paths are under `<basedir>/jsonrpc`. */
  readonly descriptors: string;
  readonly jobs: number;
  readonly "gateway-timeout": number;
  readonly "mq-timeout": number;
  readonly whitelist: readonly string[];
  readonly blacklist: readonly string[];
}

/** koinos-jsonrpc v1.2.0's defaults. */
export const gatewayDefaults: GatewaySettings = {
  amqp: "amqp://guest:guest@localhost:5672/",
  listen: "/ip4/127.0.0.1/tcp/8080",
  endpoint: "/",
  descriptors: "descriptors",
  jobs: 16,
  "gateway-timeout": 3,
  "mq-timeout": 5,
  whitelist: [],
  blacklist: [],
};

/** Settings koinos-jsonrpc also takes from the config's `global:` section (listen and endpoint it does not). */
const globalKeys: ReadonlySet<keyof GatewaySettings> = new Set(["amqp", "descriptors", "jobs", "gateway-timeout", "mq-timeout", "whitelist", "blacklist"]);

/** The sections of a Koinos config.yml this gateway reads. */
export interface ConfigSections {
  readonly jsonrpc: Readonly<Record<string, unknown>>;
  readonly global: Readonly<Record<string, unknown>>;
}

/** `~/.koinos`, Koinos's base directory. */
export const defaultBasedir = join(homedir(), ".koinos");

/**
 * Reads a Koinos `config.yml` (the node's one file for every service) as
 * koinos-jsonrpc does: its `jsonrpc:` section, then `global:`. No file: no
 * settings. `explicit` makes a missing file an error.
 * @throws Error naming the file when it is not YAML or a section is not a map.
 */
export function readConfig(path: string, explicit: boolean): ConfigSections {
  if (!existsSync(path)) {
    if (explicit) throw new Error(`config ${path}: no such file`);
    return { jsonrpc: {}, global: {} };
  }
  let document: unknown;
  try {
    document = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`config ${path}: not YAML (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const section = (name: string): Record<string, unknown> => {
    const value = document === null || typeof document !== "object" ? undefined : (document as Record<string, unknown>)[name];
    if (value === undefined || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) throw new Error(`config ${path}: ${name} must be a map of settings`);
    return value as Record<string, unknown>;
  };
  return { jsonrpc: section("jsonrpc"), global: section("global") };
}

/**
 * Each setting from, in order: the command line, the config's `jsonrpc:`
 * section, its `global:` section (for the settings koinos-jsonrpc reads
 * there), the default. A list is a YAML list or a comma-separated string;
 * on the command line, repeated or comma-separated flags.
 * @throws Error naming the setting whose value has the wrong type.
 */
export function resolveSettings(flags: Partial<Record<keyof GatewaySettings, string | string[]>>, config: ConfigSections): GatewaySettings {
  const pick = <K extends keyof GatewaySettings>(key: K): unknown => {
    if (flags[key] !== undefined) return flags[key];
    if (config.jsonrpc[key] !== undefined) return config.jsonrpc[key];
    if (globalKeys.has(key) && config.global[key] !== undefined) return config.global[key];
    return gatewayDefaults[key];
  };
  const text = (key: "amqp" | "listen" | "endpoint" | "descriptors"): string => {
    const value = pick(key);
    if (typeof value !== "string" || value === "") throw new Error(`${key} must be a non-empty string; got ${JSON.stringify(value)}`);
    return value;
  };
  const number = (key: "jobs" | "gateway-timeout" | "mq-timeout", whole: boolean): number => {
    const value = pick(key);
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
      throw new Error(`${key} must be a ${whole ? "whole number" : "number of seconds"} above 0; got ${JSON.stringify(value)}`);
    }
    return n;
  };
  const list = (key: "whitelist" | "blacklist"): string[] => {
    const value = pick(key);
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((v) => typeof v === "string")) throw new Error(`${key} must be a list of method prefixes; got ${JSON.stringify(value)}`);
    return (items as string[]).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  };
  return {
    amqp: text("amqp"),
    listen: text("listen"),
    endpoint: text("endpoint"),
    descriptors: text("descriptors"),
    jobs: number("jobs", true),
    "gateway-timeout": number("gateway-timeout", false),
    "mq-timeout": number("mq-timeout", false),
    whitelist: list("whitelist"),
    blacklist: list("blacklist"),
  };
}

/** Where the descriptors are: absolute as given, relative under `<basedir>/jsonrpc` (as koinos-jsonrpc). */
export function descriptorsPath(settings: GatewaySettings, basedir: string): string {
  return isAbsolute(settings.descriptors) ? settings.descriptors : join(basedir, "jsonrpc", settings.descriptors);
}
