// list_tools.mjs - what a host pays to read a server's tool list: the
// official TypeScript SDK client's listTools() (all pages) against a server
// spawned over stdio, which includes the client compiling a validator for
// every output schema (issue 17 goal 5). Prints one Markdown table row:
//   node list_tools.mjs LABEL RUNS command [args...]
// The server's environment is this process's. The SDK is loaded from
// $MCP_NODE_MODULES (default ../../tests/node_modules).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";

const modules = process.env.MCP_NODE_MODULES ??
  fileURLToPath(new URL("../../tests/node_modules", import.meta.url));
const sdk = (p) => import(pathToFileURL(join(modules, "@modelcontextprotocol/sdk/dist/esm", p)).href);
const { Client } = await sdk("client/index.js");
const { StdioClientTransport } = await sdk("client/stdio.js");

const [label, runsArg, command, ...args] = process.argv.slice(2);
const runs = Number(runsArg) || 7;
const times = [];
let tools = 0, schemas = 0;
for (let k = -1; k < runs; k++) {
  const client = new Client({ name: "bench", version: "1" });
  const transport = new StdioClientTransport({ command, args, env: process.env, stderr: "ignore" });
  await client.connect(transport);
  const t0 = performance.now();
  let cursor, all = [];
  do {
    const r = await client.listTools(cursor ? { cursor } : {});
    all = all.concat(r.tools);
    cursor = r.nextCursor;
  } while (cursor);
  const ms = performance.now() - t0;
  await client.close();
  if (k < 0) continue; // the first run warms Node's caches
  times.push(ms);
  tools = all.length;
  schemas = all.filter((t) => t.outputSchema).length;
}
times.sort((a, b) => a - b);
const med = times.length % 2 ? times[(times.length - 1) / 2]
  : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
console.log(`| ${label} | ${tools} | ${schemas} | ${med.toFixed(1)} (${times[0].toFixed(1)}–${times[times.length - 1].toFixed(1)}) |`);
