import { listRows, rabbitmqctl } from "./rabbitmqctl.js";

/** Closes the connection whose client-provided `connection_name` is `name`, as an operator would. */
export async function closeConnectionNamed(name: string): Promise<void> {
  const rows = (await rabbitmqctl("list_connections", "--no-table-headers", "pid", "client_properties")).split("\n");
  const row = rows.find((r) => r.includes(`{"connection_name","${name}"}`));
  if (row === undefined) throw new Error(`no connection named ${name}`);
  await rabbitmqctl("close_connection", row.split("\t")[0] as string, "fault test");
}

/** Closes every connection of a vhost. */
export async function closeAllConnections(vhost: string): Promise<void> {
  await rabbitmqctl("close_all_connections", "-p", vhost, "fault test");
}

/** Stops the broker application (every connection drops; durable queues and persistent messages stay) and starts it again after `downMs`. */
export async function restartBroker(downMs: number): Promise<void> {
  await rabbitmqctl("stop_app");
  try {
    await new Promise((resolve) => setTimeout(resolve, downMs));
  } finally {
    await rabbitmqctl("start_app");
    await rabbitmqctl("await_startup");
  }
}

/** Consumers per queue of a vhost. */
export async function consumersByQueue(vhost: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [queue = ""] of await listRows("list_consumers", vhost, ["queue_name"])) counts.set(queue, (counts.get(queue) ?? 0) + 1);
  return counts;
}

/** Runs `body` with the broker's memory watermark set so low that it blocks publishers, restoring it afterwards. */
export async function withMemoryAlarm<T>(body: () => Promise<T>): Promise<T> {
  const original = (await rabbitmqctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().")).trim();
  await rabbitmqctl("set_vm_memory_high_watermark", "0.0000001");
  try {
    return await body();
  } finally {
    await rabbitmqctl("set_vm_memory_high_watermark", /^[\d.]+$/.test(original) ? original : "0.4");
  }
}
