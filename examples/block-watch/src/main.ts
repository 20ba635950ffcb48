import { connect, type Logger } from "koinos-mq-ts";
import { startBlockWatch } from "./block-watch.js";

// Logs go to the console; pino or any logger with the same methods fits too.
const log = (level: string) => (fields: Record<string, unknown>, message: string) => console.log(JSON.stringify({ level, message, ...fields }));
const logger: Logger = { debug: () => undefined, info: log("info"), warn: log("warn"), error: log("error") };

const bus = await connect({ url: process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672", name: "block-watch", logger });
const watch = await startBlockWatch(bus);
logger.info({}, "block-watch is running");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await watch.stop();
    await bus.close();
  });
}
