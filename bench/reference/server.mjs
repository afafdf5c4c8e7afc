// server.mjs - the usual stack, for comparison: an MCP server written with
// the official TypeScript SDK that registers the same tool definitions as
// halopsa-mcp (exported from our tables as JSON, path in $TOOLS_JSON), every
// tool at once, and answers list/get calls with HaloPSA's raw JSON, as most
// HaloPSA MCP servers do. The SDK is loaded from $MCP_NODE_MODULES (default
// ../../tests/node_modules, where scripts/node-deps.sh installs it), as ES
// modules, the way an ordinary `import` would load it.
//   node server.mjs                 stdio
//   node server.mjs --http PORT     Streamable HTTP on 127.0.0.1:PORT/mcp (0 =
//                                   any free port), stateful sessions as the
//                                   SDK's own example does: one transport and
//                                   one Server per Mcp-Session-Id; prints
//                                   "reference: serving http://127.0.0.1:PORT/mcp"
//                                   on stderr once listening
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const modules = process.env.MCP_NODE_MODULES ??
  fileURLToPath(new URL("../../tests/node_modules", import.meta.url));
const sdk = (p) => import(pathToFileURL(join(modules, "@modelcontextprotocol/sdk/dist/esm", p)).href);
const { Server } = await sdk("server/index.js");
const { StdioServerTransport } = await sdk("server/stdio.js");
const { StreamableHTTPServerTransport } = await sdk("server/streamableHttp.js");
const { ListToolsRequestSchema, CallToolRequestSchema, isInitializeRequest } = await sdk("types.js");

const tools = JSON.parse(readFileSync(process.env.TOOLS_JSON, "utf8")).map((t) => ({
  name: t.name, title: t.title, description: t.description,
  inputSchema: t.inputSchema, outputSchema: t.outputSchema, annotations: t.annotations,
}));
const base = process.env.HALOPSA_BASE_URL;
let token = null;
let authing = null; // one token request, however many calls wait for it

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
  if (!token) await (authing ??= auth());
  const r = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return await r.text();
}

async function call(req) {
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
}

function newServer() {
  const server = new Server({ name: "reference", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, call);
  return server;
}

// A JSON-RPC error as the SDK's examples answer transport-level failures.
function fail(res, status, code, message) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

// Streamable HTTP, stateful: initialize makes a transport and a Server for
// the new session; every later request names it in Mcp-Session-Id.
async function serveHttp(port) {
  const sessions = new Map();
  const http = createServer(async (req, res) => {
    try {
      if (new URL(req.url, "http://x").pathname !== "/mcp") return fail(res, 404, -32000, "Not Found");
      const sid = req.headers["mcp-session-id"];
      let body;
      if (req.method === "POST") {
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return fail(res, 400, -32700, "Parse error");
        }
      }
      let transport = sid ? sessions.get(sid) : undefined;
      if (!transport) {
        if (sid) return fail(res, 404, -32001, "Session not found");
        if (req.method !== "POST" || !isInitializeRequest(body))
          return fail(res, 400, -32000, "Bad Request: No valid session ID provided");
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => sessions.set(id, transport),
        });
        transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
        await newServer().connect(transport);
      }
      await transport.handleRequest(req, res, body);
    } catch (e) {
      if (!res.headersSent) fail(res, 500, -32603, `Internal error: ${e.message}`);
    }
  });
  http.keepAliveTimeout = 60000;
  http.listen(port, "127.0.0.1", () => {
    process.stderr.write(`reference: serving http://127.0.0.1:${http.address().port}/mcp\n`);
  });
}

const httpArg = process.argv.indexOf("--http");
if (httpArg > 0) {
  await serveHttp(Number(process.argv[httpArg + 1] ?? 0));
} else {
  await newServer().connect(new StdioServerTransport());
}
