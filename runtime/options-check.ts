import { describe } from "./deadline.js";
import { InvalidArgumentError } from "./errors.js";

/** A whole-number option in 1..`max`, or `fallback` when unset; anything else is refused naming `what`. */
export function countOption(value: unknown, fallback: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(`${what} must be a whole number from 1 to ${max}; got ${describe(value)}`);
  }
  return value;
}

/** A duration option in ms, at least 0 and finite, or `fallback` when unset. */
export function msOption(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${what} must be a finite number of milliseconds, at least 0; got ${describe(value)}`);
  }
  return value;
}
