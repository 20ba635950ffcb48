/** Words of a snake_case name; an all-caps name is lower-cased first, as ts-proto does. */
function words(snake: string): string[] {
  const mixed = /[a-z]/.test(snake);
  return snake
    .split("_")
    .filter((word) => word !== "")
    .map((word) => (mixed ? word : word.toLowerCase()));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.substring(1);
}

/** `block_store` -> `BlockStore`, `koinos` -> `Koinos`. */
export function pascalCase(snake: string): string {
  return words(snake).map(capitalize).join("");
}

/** `block_store` -> `BLOCK_STORE`, `koinos.block.accept` -> `KOINOS_BLOCK_ACCEPT`. */
export function upperSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/** `get_head_info` -> `getHeadInfo`. */
export function camelCase(snake: string): string {
  const [first = "", ...rest] = words(snake);
  return first.charAt(0).toLowerCase() + first.substring(1) + rest.map(capitalize).join("");
}

/** `get_head_info` -> `getHeadInfo`: the name of a method on clients, servers and definitions. */
export function methodName(member: string): string {
  return safeMemberName(camelCase(member));
}

/**
 * Names that would change the meaning of a class member or object key:
 * `constructor` would become the class constructor, `__proto__` sets the
 * prototype, `then` makes an object a thenable that `await` unwraps.
 */
const unsafeMemberNames = new Set(["constructor", "__proto__", "then", "toString", "toJSON", "valueOf", "hasOwnProperty"]);

export function safeMemberName(name: string): string {
  return unsafeMemberNames.has(name) ? `${name}$` : name;
}
