// list_tools.mjs - what a host pays to list our tools: the official
// TypeScript SDK client's listTools() (which compiles a validator for every
// output schema it is given) against halopsa-mcp binaries in flat mode (every
// tool listed), the median of several calls on one connection, plus how many
// tools and output schemas came back. Used by bench/output.sh.
//   node bench/list_tools.mjs LABEL=/path/to/halopsa-mcp ...
// Environment: MCP_NODE_MODULES (default tests/node_modules), LIST_RUNS (21).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const modules = process.env.MCP_NODE_MODULES ??
  fileURLToPath(new URL("../tests/node_modules", import.meta.url));
const sdk = (p) => import(pathToFileURL(join(modules, "@modelcontextprotocol/sdk/dist/esm", p)).href);
const { Client } = await sdk("client/index.js");
const { StdioClientTransport } = await sdk("client/stdio.js");
const runs = Number(process.env.LIST_RUNS ?? 21);

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

console.log("| server | tools listed | output schemas | listTools, median of " + runs + " (ms) | min–max (ms) |");
console.log("|---|---|---|---|---|");
for (const arg of process.argv.slice(2)) {
  const eq = arg.indexOf("=");
  const label = arg.slice(0, eq), bin = arg.slice(eq + 1);
  const transport = new StdioClientTransport({
    command: bin,
    args: ["--demo"],
    env: { ...process.env, HALOPSA_TOOL_MODE: "flat", HALOPSA_LOG_LEVEL: "error" },
    stderr: "ignore",
  });
  const client = new Client({ name: "list-tools-bench", version: "1" });
  await client.connect(transport);
  let tools = [];
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    tools = (await client.listTools()).tools;
    const t = performance.now() - t0;
    if (i > 0) times.push(t); // the first call warms the JIT
  }
  await client.close();
  const schemas = tools.filter((t) => t.outputSchema).length;
  console.log(`| ${label} | ${tools.length} | ${schemas} | ${median(times).toFixed(1)} | ` +
    `${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} |`);
}
