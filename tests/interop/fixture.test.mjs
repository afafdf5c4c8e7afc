// fixture.test.mjs - the official TypeScript SDK client against mcp-fixture
// over stdio: handshake, paging, list_changed, output schemas, progress,
// elicitation and a clean exit (contract in tests/conformance/SCENARIOS.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ElicitRequestSchema, ErrorCode, LATEST_PROTOCOL_VERSION, McpError } from '@modelcontextprotocol/sdk/types.js';
import { binary, start, listAllTools, names, textOf, within } from './lib.mjs';

const PAGE = 2;

function fixture(options = {}) {
    return start(binary('mcp-fixture'), [], {
        ...options,
        extraEnv: { MCP_FIXTURE_PAGE_SIZE: String(PAGE), ...(options.extraEnv || {}) },
    });
}

test('initialize: negotiates the SDK latest version and declares tools.listChanged', async () => {
    const s = await fixture();
    try {
        const caps = s.client.getServerCapabilities();
        assert.ok(caps?.tools, `no tools capability in ${JSON.stringify(caps)}`);
        assert.equal(caps.tools.listChanged, true);
        assert.ok(s.client.getServerVersion()?.name, 'serverInfo.name missing');
        assert.equal(s.protocolVersion(), LATEST_PROTOCOL_VERSION);
    } finally {
        await s.close();
    }
});

test('tools/list: pages of at most MCP_FIXTURE_PAGE_SIZE, followed by cursor', async () => {
    const s = await fixture();
    try {
        const { tools, sizes } = await listAllTools(s.client);
        assert.ok(sizes.length >= 2, `expected several pages, got sizes ${sizes}`);
        for (const n of sizes) assert.ok(n >= 1 && n <= PAGE, `page of ${n} tools (sizes ${sizes})`);
        const all = names(tools);
        assert.equal(new Set(all).size, all.length, `a tool appears twice across pages: ${all}`);
        for (const want of ['fixture_toggle', 'fixture_echo', 'fixture_slow', 'fixture_confirm', 'test_simple_text']) {
            assert.ok(all.includes(want), `${want} missing from ${all}`);
        }
        assert.ok(!all.includes('fixture_hidden'), 'fixture_hidden is listed before fixture_toggle');
        await assert.rejects(s.client.listTools({ cursor: 'not-a-cursor-we-issued' }),
            (err) => err instanceof McpError && err.code === ErrorCode.InvalidParams);
    } finally {
        await s.close();
    }
});

test('fixture_toggle: list_changed, then fixture_hidden is listed and runs', async () => {
    const s = await fixture();
    try {
        let changed = s.listChanged();
        assert.equal(textOf(await s.client.callTool({ name: 'fixture_toggle', arguments: {} })), 'visible');
        await changed;
        let all = names((await listAllTools(s.client)).tools);
        assert.ok(all.includes('fixture_hidden'), `fixture_hidden missing after toggle: ${all}`);
        assert.equal(textOf(await s.client.callTool({ name: 'fixture_hidden', arguments: {} })), 'hidden tool ran');

        changed = s.listChanged();
        assert.equal(textOf(await s.client.callTool({ name: 'fixture_toggle', arguments: {} })), 'hidden');
        await changed;
        all = names((await listAllTools(s.client)).tools);
        assert.ok(!all.includes('fixture_hidden'), `fixture_hidden still listed: ${all}`);
        assert.equal(s.listChangedCount(), 2);
    } finally {
        await s.close();
    }
});

test('fixture_echo: structuredContent passes the SDK outputSchema check', async () => {
    const s = await fixture();
    try {
        // listTools lets the SDK compile the output schema it then enforces.
        const { tools } = await listAllTools(s.client);
        const echo = tools.find((t) => t.name === 'fixture_echo');
        assert.ok(echo?.outputSchema, 'fixture_echo has no outputSchema');
        const text = 'héllo "quoted" \\ line\nsecond ✓';
        const r = await s.client.callTool({ name: 'fixture_echo', arguments: { text } });
        assert.notEqual(r.isError, true, JSON.stringify(r));
        assert.deepEqual(r.structuredContent, { text });
        assert.deepEqual(JSON.parse(textOf(r)), { text });
    } finally {
        await s.close();
    }
});

test('fixture_slow {steps: 3}: three increasing progress notifications', async () => {
    const s = await fixture();
    try {
        const seen = [];
        const r = await s.client.callTool({ name: 'fixture_slow', arguments: { steps: 3 } }, undefined, {
            onprogress: (p) => seen.push(p),
        });
        assert.notEqual(r.isError, true, JSON.stringify(r));
        // TS SDK 1.32.2 runs notification handlers a microtask late but drops
        // the progress handler as soon as the result is read, so a progress
        // line that arrives in the same read as the result is lost (and shows
        // up in sdkErrors): the last notification must not directly precede
        // the result.
        assert.equal(seen.length, 3,
            `progress notifications: ${JSON.stringify(seen)}; SDK errors: ${JSON.stringify(s.sdkErrors())}`);
        assert.deepEqual(seen.map((p) => p.progress), [1, 2, 3]);
        for (const p of seen) assert.equal(p.total, 3);
    } finally {
        await s.close();
    }
});

test('fixture_confirm: elicitation accepted with confirm=true gives "confirmed"', async () => {
    const s = await fixture({ capabilities: { elicitation: {} } });
    try {
        let request;
        s.client.setRequestHandler(ElicitRequestSchema, async (req) => {
            request = req;
            return { action: 'accept', content: { confirm: true } };
        });
        const r = await s.client.callTool({ name: 'fixture_confirm', arguments: {} });
        assert.equal(textOf(r), 'confirmed');
        assert.ok(request, 'the fixture sent no elicitation/create');
        assert.equal(request.params.requestedSchema?.properties?.confirm?.type, 'boolean');
    } finally {
        await s.close();
    }
});

test('fixture_confirm: a declined elicitation gives "declined"', async () => {
    const s = await fixture({ capabilities: { elicitation: {} } });
    try {
        s.client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
        assert.equal(textOf(await s.client.callTool({ name: 'fixture_confirm', arguments: {} })), 'declined');
    } finally {
        await s.close();
    }
});

test('fixture_confirm: no elicitation capability gives "elicitation unsupported"', async () => {
    const s = await fixture();
    try {
        const r = await within(s.client.callTool({ name: 'fixture_confirm', arguments: {} }), 'fixture_confirm');
        assert.equal(textOf(r), 'elicitation unsupported');
    } finally {
        await s.close();
    }
});

test('errors: unknown tool is JSON-RPC -32602, bad arguments an isError result; unlisted tools still run', async () => {
    const s = await fixture();
    try {
        await listAllTools(s.client);
        await assert.rejects(s.client.callTool({ name: 'no_such_tool', arguments: {} }),
            (err) => err instanceof McpError && err.code === ErrorCode.InvalidParams);
        // Unlisted is not unknown: mcp.h keeps every registered tool callable
        // so hosts that cache an old list are not locked out.
        assert.equal(textOf(await s.client.callTool({ name: 'fixture_hidden', arguments: {} })), 'hidden tool ran');
        const missing = await s.client.callTool({ name: 'fixture_echo', arguments: {} });
        assert.equal(missing.isError, true, `missing required "text": ${JSON.stringify(missing)}`);
        assert.match(textOf(missing), /text/);
        const range = await s.client.callTool({ name: 'fixture_slow', arguments: { steps: 0 } });
        assert.equal(range.isError, true, `steps 0: ${JSON.stringify(range)}`);
        assert.deepEqual(await s.client.ping(), {});
    } finally {
        await s.close();
    }
});
