// server.mjs - the usual stack, for comparison: an MCP server written with
// the official TypeScript SDK that registers the same tool definitions as
// halopsa-mcp (exported from our tables as JSON, path in $TOOLS_JSON), every
// tool at once, and answers list/get calls with HaloPSA's raw JSON, as most
// HaloPSA MCP servers do. The SDK is loaded from $MCP_NODE_MODULES (default
// ../../tests/node_modules, where scripts/node-deps.sh installs it), as ES
// modules, the way an ordinary `import` would load it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const modules = process.env.MCP_NODE_MODULES ??
  fileURLToPath(new URL("../../tests/node_modules", import.meta.url));
const sdk = (p) => import(pathToFileURL(join(modules, "@modelcontextprotocol/sdk/dist/esm", p)).href);
const { Server } = await sdk("server/index.js");
const { StdioServerTransport } = await sdk("server/stdio.js");
const { ListToolsRequestSchema, CallToolRequestSchema } = await sdk("types.js");

const tools = JSON.parse(readFileSync(process.env.TOOLS_JSON, "utf8")).map((t) => ({
  name: t.name, title: t.title, description: t.description,
  inputSchema: t.inputSchema, outputSchema: t.outputSchema, annotations: t.annotations,
}));
const base = process.env.HALOPSA_BASE_URL;
let token = null;

async function auth() {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: process.env.HALOPSA_CLIENT_ID,
    client_secret: process.env.HALOPSA_CLIENT_SECRET,
    scope: "all",
  });
  const r = await fetch(`${base}/auth/token`, { method: "POST", body });
  token = (await r.json()).access_token;
}

async function get(path) {
  if (!token) await auth();
  const r = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return await r.text();
}

const server = new Server({ name: "reference", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const a = req.params.arguments ?? {};
  let text;
  if (req.params.name === "halopsa_tickets_list") {
    const q = new URLSearchParams({ pageinate: "true", page_size: String(a.page_size ?? 50),
      page_no: String(a.page ?? 1) });
    if (a.open_only !== false) q.set("open_only", "true");
    if (a.search) q.set("search", a.search);
    text = await get(`/api/Tickets?${q}`);
  } else if (req.params.name === "halopsa_tickets_get") {
    text = await get(`/api/Tickets/${a.id}?includedetails=true`);
  } else {
    return { content: [{ type: "text", text: "not implemented in the reference" }], isError: true };
  }
  return { content: [{ type: "text", text }] };
});
await server.connect(new StdioServerTransport());
