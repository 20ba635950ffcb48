/** The exit codes of `koinos-mq`, distinct so that scripts can tell the failures apart. */
export const ExitCode = {
  /** Done as asked. */
  ok: 0,
  /** The service answered with an error (printed as JSON on stderr), or with an answer that does not decode. */
  serviceError: 1,
  /** The command line, the schema or the input is wrong (the message says what to fix). */
  usage: 2,
  /** No connection to the broker, or it was lost. */
  connection: 3,
  /** No answer (or no publisher confirm) in time. */
  timeout: 4,
  /** No queue is bound for the service: it never started on this broker. */
  noService: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The table printed by `koinos-mq --help` (and shown in the README). */
export const exitCodeTable = `Exit codes:
  0  success
  1  the service answered with an error (its error_status as JSON on stderr)
  2  usage: a wrong argument, option, schema or input
  3  no connection to the broker (or it was lost)
  4  timeout: no answer in time
  5  no such service: no queue is bound to koinos.rpc for it`;
