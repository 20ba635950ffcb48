/**
 * Names generated code cannot declare: ECMAScript keywords and future
 * reserved words, TypeScript's type keywords, names the generated code
 * relies on, and those that cannot name a binding in a module. (The same
 * list as protoplugin's `safeIdentifier`, plus the last group; kept here so
 * that code reading schemas at run time, such as the CLI, need not load
 * protoplugin, whose entry point loads the TypeScript compiler.)
 */
export const reservedWords: ReadonlySet<string> = new Set([
  // ECMAScript 2015 keywords
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "export",
  "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return",
  "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
  // ECMAScript future reserved words
  "enum", "implements", "interface", "let", "package", "private", "protected", "public", "static",
  // A class named Object breaks ES5 CommonJS output
  "Object",
  // TypeScript type keywords
  "bigint", "number", "boolean", "string", "object",
  // Names generated code relies on
  "globalThis", "Uint8Array", "Partial",
  // Not a binding name in a module
  "await", "arguments", "eval",
]);
