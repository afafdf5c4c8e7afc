// modern.test.mjs - both protocol eras against the real product,
// `halopsa-mcp --demo`: the official TypeScript SDK v2 client
// (@modelcontextprotocol/client 2.x) negotiates 2026-07-28 over stdio and
// over Streamable HTTP (server/discover, tools/list, a read, a delete whose
// confirmation is an input_required round), and the v1 client
// (@modelcontextprotocol/sdk 1.32.2) still gets a 2025-11-25 session from
// the same HTTP server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { binary, within, startHttp, WAIT_MS } from './lib.mjs';

// Records every message the client sends, so a test can see the rounds.
function recording(transport) {
    const sent = [];
    const send = transport.send.bind(transport);
    transport.send = (msg, opts) => {
        sent.push(JSON.parse(JSON.stringify(msg)));
        return send(msg, opts);
    };
    return sent;
}

// A v2 client that negotiates the era ('auto': server/discover first) and
// answers elicitations by confirming.
function modernClient(asked) {
    const client = new Client({ name: 'halopsa-mcp-interop-v2', version: '1.0.0' },
        { versionNegotiation: { mode: 'auto' }, capabilities: { elicitation: {} } });
    client.setRequestHandler('elicitation/create', async (req) => {
        asked.push(req.params);
        return { action: 'accept', content: { confirm: true } };
    });
    return client;
}

function text(result) {
    return (result.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

// The 2026 walk through the demo tenant: discover, list, a read, then a
// delete confirmed through an input_required round.
async function modernWalk(client, sent, asked) {
    assert.equal(client.getProtocolEra(), 'modern');
    const discovered = client.getDiscoverResult();
    assert.ok(discovered?.supportedVersions?.includes('2026-07-28'), JSON.stringify(discovered));
    assert.equal(discovered?._meta?.['io.modelcontextprotocol/serverInfo']?.name, 'halopsa-mcp');

    // tree mode without a session: the top level, and navigate hands out schemas
    const { tools } = await within(client.listTools(), 'tools/list');
    const listed = tools.map((t) => t.name);
    assert.ok(listed.includes('halopsa_navigate') && listed.includes('halopsa_status'), `${listed}`);
    assert.ok(!listed.includes('halopsa_statuses_list'), `a domain tool is listed at the top: ${listed}`);
    const nav = await within(client.callTool({ name: 'halopsa_navigate', arguments: { domain: 'statuses' } }),
        'halopsa_navigate');
    const brief = nav.structuredContent.tools.find((t) => t.name === 'halopsa_statuses_delete');
    assert.equal(brief?.inputSchema?.type, 'object', `no inputSchema for the delete tool: ${JSON.stringify(brief)}`);

    // a read, called by name although it is not listed
    const list = await within(client.callTool({ name: 'halopsa_statuses_list', arguments: {} }), 'statuses_list');
    assert.notEqual(list.isError, true, text(list));
    assert.ok(list.structuredContent.statuses.length > 0, JSON.stringify(list.structuredContent));

    // a record of our own, then its delete with a confirmation round
    const made = await within(client.callTool({ name: 'halopsa_statuses_create',
        arguments: { name: `Interop ${process.pid}` } }), 'statuses_create');
    assert.notEqual(made.isError, true, text(made));
    const id = made.structuredContent?.id ?? made.structuredContent?.status?.id;
    assert.ok(Number.isInteger(id), `no id in ${JSON.stringify(made.structuredContent)}`);
    const before = asked.length;
    const del = await within(client.callTool({ name: 'halopsa_statuses_delete', arguments: { id } }),
        'statuses_delete');
    assert.notEqual(del.isError, true, text(del));
    assert.match(text(del), new RegExp(`Deleted status ${id}`));
    assert.equal(asked.length, before + 1, 'the user was not asked exactly once');
    assert.match(asked[before].message, /cannot be undone/);
    // two requests: the first answered input_required, the retry carried the answer and the signed state
    const calls = sent.filter((m) => m.method === 'tools/call' && m.params?.name === 'halopsa_statuses_delete');
    assert.equal(calls.length, 2, JSON.stringify(calls));
    assert.ok(calls[1].params.inputResponses && typeof calls[1].params.requestState === 'string',
        JSON.stringify(calls[1].params));
    assert.notEqual(calls[0].id, calls[1].id);
    // every 2026 request carried its own _meta and no session was involved
    for (const m of sent.filter((x) => x.id !== undefined)) {
        assert.equal(m.params?._meta?.['io.modelcontextprotocol/protocolVersion'], '2026-07-28', JSON.stringify(m));
    }
    assert.ok(!sent.some((m) => m.method === 'initialize'), 'initialize was sent on the modern connection');
    const gone = await within(client.callTool({ name: 'halopsa_statuses_get', arguments: { id } }), 'statuses_get');
    assert.equal(gone.isError, true, `status ${id} is still there: ${text(gone)}`);
}

test('v2 client over stdio: 2026-07-28 discover, list, read, delete confirmed by input_required', async () => {
    const asked = [];
    const client = modernClient(asked);
    const transport = new StdioClientTransport({ command: binary('halopsa-mcp'), args: ['--demo'],
        env: { ...process.env }, stderr: 'pipe' });
    let err = '';
    transport.stderr?.on('data', (c) => { err += c.toString('utf8'); });
    const sent = recording(transport);
    try {
        await within(client.connect(transport), 'connect (server/discover probe)', WAIT_MS * 2);
        await modernWalk(client, sent, asked);
    } catch (e) {
        e.message += `\n--- stderr ---\n${err}`;
        throw e;
    } finally {
        await client.close();
    }
    assert.doesNotMatch(err, /Sanitizer|runtime error:/, err);
});

test('v2 client over Streamable HTTP: the same walk, stateless', async () => {
    const server = await startHttp();
    const asked = [];
    const client = modernClient(asked);
    const transport = new StreamableHTTPClientTransport(new URL(server.url));
    const sent = recording(transport);
    try {
        await within(client.connect(transport), 'connect (server/discover probe)');
        assert.equal(transport.sessionId, undefined, 'a session id was minted for a 2026 client');
        await modernWalk(client, sent, asked);
    } finally {
        await client.close();
        await server.stop();
    }
});

test('v1 client 1.32.2 over HTTP: a 2025-11-25 session on the same server, tree navigation', async () => {
    const server = await startHttp();
    const client = new ClientV1({ name: 'halopsa-mcp-interop-v1', version: '1.0.0' }, { capabilities: {} });
    let changed;
    const listChanged = new Promise((resolve) => { changed = resolve; });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => changed());
    const transport = new HttpV1(new URL(server.url));
    try {
        await within(client.connect(transport), 'initialize');
        assert.equal(transport.protocolVersion, '2025-11-25');
        assert.ok(transport.sessionId, 'no Mcp-Session-Id for a 2025 client');
        const top = (await client.listTools()).tools.map((t) => t.name);
        assert.ok(!top.includes('halopsa_tickets_list'), `${top}`);
        await client.callTool({ name: 'halopsa_navigate', arguments: { domain: 'tickets' } });
        await within(listChanged, 'notifications/tools/list_changed');
        const inside = (await client.listTools()).tools.map((t) => t.name);
        assert.ok(inside.includes('halopsa_tickets_list'), `${inside}`);
        const r = await client.callTool({ name: 'halopsa_tickets_list', arguments: { page_size: 3 } });
        assert.notEqual(r.isError, true, JSON.stringify(r.content));
        assert.equal(r.resultType, undefined, 'a 2025 result carries resultType');
    } finally {
        await transport.terminateSession().catch(() => {});
        await client.close();
        await server.stop();
    }
});
