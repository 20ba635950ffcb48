import { qualifiedMethodName, type MethodSchema } from "../schema/service-schema.js";
import { reasons } from "./error-codes.js";

const QUALIFIED_PREFIX = "koinos.rpc.";

/** koinos-jsonrpc's whitelist and blacklist: prefixes of `koinos.rpc.<service>.<method>`. */
export interface AccessLists {
  /** Why `method` may not be called (the data of the -32601 answer), or undefined if it may. */
  refusal(method: MethodSchema): string | undefined;
}

/**
 * Access lists as koinos-jsonrpc applies them: a rule without the
 * `koinos.rpc.` prefix gets it (`chain.submit` -> `koinos.rpc.chain.submit`),
 * a method is allowed when the whitelist is empty or one of its rules is a
 * prefix of the method's qualified name, and refused when a blacklist rule
 * is (the blacklist wins).
 */
export function accessLists(whitelist: readonly string[] = [], blacklist: readonly string[] = []): AccessLists {
  const qualify = (rule: string) => (rule.startsWith(QUALIFIED_PREFIX) ? rule : QUALIFIED_PREFIX + rule);
  const allowed = whitelist.map(qualify);
  const refused = blacklist.map(qualify);
  return {
    refusal(method) {
      const name = qualifiedMethodName(method);
      if (allowed.length > 0 && !allowed.some((rule) => name.startsWith(rule))) return reasons.notWhitelisted;
      if (refused.some((rule) => name.startsWith(rule))) return reasons.blacklisted;
      return undefined;
    },
  };
}
