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

/**
 * `logger` made safe to call on a message path: a logger that throws is
 * reported once as a process warning and otherwise ignored, so that it can
 * never leave a request unanswered or an event unacknowledged.
 */
export function guardedLogger(logger: Logger): Logger {
  if (logger === silentLogger) return logger;
  let warned = false;
  const guard =
    (level: keyof Logger) =>
    (fields: Record<string, unknown>, message: string): void => {
      try {
        logger[level](fields, message);
      } catch (error) {
        if (warned) return;
        warned = true;
        process.emitWarning(`the logger given to koinos-mq-ts threw (${error instanceof Error ? error.message : String(error)}); its later failures are ignored`, "KoinosMqLoggerWarning");
      }
    };
  return { debug: guard("debug"), info: guard("info"), warn: guard("warn"), error: guard("error") };
}
