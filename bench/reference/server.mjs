// server.mjs - the usual stack, for comparison: an MCP server written with
// the official TypeScript SDK that registers the same tool definitions as
// halopsa-mcp (exported from our tables as JSON, path in $TOOLS_JSON), every
// tool at once, and answers list/get calls with HaloPSA's raw JSON, as most
// HaloPSA MCP servers do.
import { readFileSync } from "node:fs";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ListToolsRequestSchema, CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const tools = JSON.parse(readFileSync(process.env.TOOLS_JSON, "utf8"));
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
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: tools.map((t) => ({
    name: t.name, title: t.title, description: t.description,
    inputSchema: t.inputSchema, annotations: t.annotations,
  })),
}));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const a = req.params.arguments ?? {};
  let text;
  if (req.params.name === "halopsa_tickets_list") {
    text = await get(`/api/Tickets?pageinate=true&page_size=${a.page_size ?? 50}&page_no=${a.page ?? 1}`);
  } else if (req.params.name === "halopsa_tickets_get") {
    text = await get(`/api/Tickets/${a.id}?includedetails=true`);
  } else {
    return { content: [{ type: "text", text: "not implemented in the reference" }], isError: true };
  }
  return { content: [{ type: "text", text }] };
});
await server.connect(new StdioServerTransport());
