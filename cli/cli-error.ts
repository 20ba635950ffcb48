import {
  BusClosedError,
  ConnectionLostError,
  DeclarationError,
  InvalidArgumentError,
  KoinosMqError,
  NoRouteError,
  RpcError,
  RpcTimeoutError,
  UnexpectedResponseError,
} from "../runtime/errors.js";
import { ExitCode } from "./exit-codes.js";

/** A failure the CLI explains itself: its message says what to do, its code is the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "CliError";
  }
}

/** A wrong argument, option, schema or input (exit 2). */
export function usageError(message: string, options?: ErrorOptions): CliError {
  return new CliError(message, ExitCode.usage, options);
}

/** The exit code an error of the runtime (or of the CLI) means. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof RpcError || error instanceof UnexpectedResponseError) return ExitCode.serviceError;
  if (error instanceof InvalidArgumentError) return ExitCode.usage;
  if (error instanceof RpcTimeoutError) return ExitCode.timeout;
  if (error instanceof NoRouteError) return ExitCode.noService;
  if (error instanceof ConnectionLostError || error instanceof DeclarationError || error instanceof BusClosedError) return ExitCode.connection;
  return ExitCode.serviceError;
}

/**
 * Writes `koinos-mq[ <command>]: <message> (exit N)` on stderr and returns N.
 * Errors that are not the CLI's own or the runtime's (bugs) keep their stack.
 */
export function reportError(error: unknown, command?: string): ExitCode {
  const code = exitCodeOf(error);
  const known = error instanceof CliError || error instanceof KoinosMqError;
  const text = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`koinos-mq${command === undefined ? "" : ` ${command}`}: ${text} (exit ${code})\n`);
  return code;
}
