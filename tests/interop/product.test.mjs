// product.test.mjs - the official TypeScript SDK client against the real
// product, `halopsa-mcp --demo` (embedded simulator tenant, MCP on stdio):
// the navigate-then-use tool tree as a host that follows list_changed sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binary, start, listAllTools, names, textOf, within } from './lib.mjs';

function demo() {
    return start(binary('halopsa-mcp'), ['--demo']);
}

test('demo: initialize, tools/list has halopsa_navigate and halopsa_status', async () => {
    const s = await demo();
    try {
        assert.ok(s.client.getServerCapabilities()?.tools, 'no tools capability');
        const all = names((await listAllTools(s.client)).tools);
        assert.ok(all.includes('halopsa_navigate'), `halopsa_navigate missing from ${all}`);
        assert.ok(all.includes('halopsa_status'), `halopsa_status missing from ${all}`);
    } finally {
        await s.close();
    }
});

test('demo: halopsa_status succeeds', async () => {
    const s = await demo();
    try {
        const r = await within(s.client.callTool({ name: 'halopsa_status', arguments: {} }), 'halopsa_status');
        assert.notEqual(r.isError, true, `halopsa_status failed: ${JSON.stringify(r)}`);
        assert.ok(r.content?.length > 0, 'halopsa_status returned no content');
    } finally {
        await s.close();
    }
});

test('demo: navigate to tickets, list_changed, then halopsa_tickets_list pages', async () => {
    const s = await demo();
    try {
        const before = names((await listAllTools(s.client)).tools);
        assert.ok(!before.includes('halopsa_tickets_list'), 'halopsa_tickets_list is listed before navigating');
        const changed = s.listChanged();
        const nav = await within(
            s.client.callTool({ name: 'halopsa_navigate', arguments: { domain: 'tickets' } }), 'halopsa_navigate');
        assert.notEqual(nav.isError, true, `halopsa_navigate failed: ${textOf(nav)}`);
        await changed;
        const { tools } = await listAllTools(s.client);
        assert.ok(names(tools).includes('halopsa_tickets_list'), `halopsa_tickets_list missing from ${names(tools)}`);

        const r = await within(
            s.client.callTool({ name: 'halopsa_tickets_list', arguments: { page_size: 5 } }), 'halopsa_tickets_list');
        assert.notEqual(r.isError, true, `halopsa_tickets_list failed: ${JSON.stringify(r.content)}`);
        assert.ok(r.structuredContent, 'no structuredContent');
        const rows = r.structuredContent.tickets;
        assert.ok(Array.isArray(rows), `structuredContent.tickets is not an array: ${JSON.stringify(r.structuredContent)}`);
        assert.ok(rows.length >= 1 && rows.length <= 5, `expected 1..5 tickets from the demo tenant, got ${rows.length}`);
    } finally {
        await s.close();
    }
});
