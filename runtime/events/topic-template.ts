import { InvalidArgumentError } from "../errors.js";

/**
 * Parameterised topics such as `koinos.event.{contract}.{name}`: a word in
 * braces is a parameter taking one word, except a parameter that ends the
 * template, which may take several (Koinos event names contain dots).
 */

type Params<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | Params<Rest> : never;
type Filled<T extends string> = T extends `${infer Head}{${string}}${infer Rest}` ? `${Head}${string}${Filled<Rest>}` : T;

/** A function building topics from `template`: `koinosEventTopic({ contract, name })`. */
export function topicBuilder<const T extends string>(template: T): (params: { readonly [P in Params<T>]: string }) => Filled<T> {
  const words = parse(template);
  return (params) =>
    words
      .map((w) => {
        if (w.param === undefined) return w.text;
        const value = (params as Record<string, string>)[w.param];
        const problem = paramProblem(value, w.param, w.last);
        if (problem !== undefined) throw new InvalidArgumentError(`${template}: ${problem}`);
        return value;
      })
      .join(".") as Filled<T>;
}

/**
 * A function building subscription patterns from `template`: a parameter
 * left out matches anything (`*` for one word, `#` for the last parameter).
 */
export function patternBuilder<const T extends string>(template: T): (params?: { readonly [P in Params<T>]?: string }) => Filled<T> {
  const words = parse(template);
  return (params = {}) =>
    words
      .map((w) => {
        if (w.param === undefined) return w.text;
        const value = (params as Record<string, string | undefined>)[w.param];
        if (value === undefined) return w.last ? "#" : "*";
        const problem = paramProblem(value, w.param, w.last);
        if (problem !== undefined) throw new InvalidArgumentError(`${template}: ${problem}`);
        return value;
      })
      .join(".") as Filled<T>;
}

interface TemplateWord {
  readonly text: string;
  readonly param: string | undefined;
  /** A parameter ending the template, which may span several words. */
  readonly last: boolean;
}

function parse(template: string): TemplateWord[] {
  const texts = template.split(".");
  return texts.map((text, i) => {
    const param = /^\{(\w+)\}$/.exec(text)?.[1];
    return { text, param, last: param !== undefined && i === texts.length - 1 };
  });
}

function paramProblem(value: string | undefined, param: string, mayHaveDots: boolean): string | undefined {
  if (typeof value !== "string" || value === "") return `parameter ${param} is missing or empty`;
  const words = value.split(".");
  if (!mayHaveDots && words.length > 1) return `parameter ${param} must be one word, not "${value}"`;
  if (words.some((w) => w === "" || w === "*" || w === "#")) return `parameter ${param} has an empty word or a wildcard: "${value}"`;
  return undefined;
}
