import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { generatedRpc } from "./rpc-generated.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export interface MemoryFigures {
  readonly calls: number;
  readonly heapStartMiB: number;
  readonly heapEndMiB: number;
}

/** Heap of the client and server process (after GC) before and after `calls` calls at concurrency 64. */
export async function memoryBench(url: string, calls: number): Promise<MemoryFigures> {
  const rpc = await generatedRpc(url, 128);
  const run = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next++ < n) await rpc.call();
      }),
    );
  };
  await run(5000);
  const heapStartMiB = heapMiB();
  await run(calls);
  const heapEndMiB = heapMiB();
  await rpc.close();
  return { calls, heapStartMiB, heapEndMiB };
}
