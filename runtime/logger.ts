/**
 * Where the runtime reports what it does. The method shapes match pino's
 * (`logger.warn({ err }, "message")`), so a pino logger can be passed as is.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const ignore = () => {};

/** The default: log nothing. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
