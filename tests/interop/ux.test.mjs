// ux.test.mjs - prompts, resources, completions and the ticket view of
// `halopsa-mcp --demo` through the official TypeScript SDK clients, whose
// schemas check every result: the v1 client (1.32.2) in a 2025-11-25
// session over stdio, and the v2 client (@modelcontextprotocol/client) in
// 2026-07-28 over stdio and Streamable HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { binary, start, startHttp, within, listAllTools, WAIT_MS } from './lib.mjs';

const PROMPTS = {
    triage_queue: { team: '1st Line Support', limit: '5' },
    summarize_ticket: { ticket: '32' },
    draft_reply: { ticket: '32', tone: 'friendly' },
    my_day: { agent: 'Luis Carvalho', date: 'this_week' },
    client_review: { client: 'Meridian Accountancy LLP' },
};

function promptText(result) {
    assert.equal(result.messages.length, 1);
    assert.equal(result.messages[0].role, 'user');
    assert.equal(result.messages[0].content.type, 'text');
    return result.messages[0].content.text;
}

// What both eras must show the same way.
async function walk(client) {
    const { prompts } = await within(client.listPrompts(), 'prompts/list');
    assert.deepEqual(prompts.map((p) => p.name), Object.keys(PROMPTS));
    for (const [name, args] of Object.entries(PROMPTS)) {
        const text = promptText(await within(client.getPrompt({ name, arguments: args }), `prompts/get ${name}`));
        assert.match(text, /UNTRUSTED/, `${name}: HaloPSA's text is not marked`);
    }
    // completion feeds the prompt: the value completed is a name that resolves
    const done = await within(client.complete({ ref: { type: 'ref/prompt', name: 'client_review' },
        argument: { name: 'client', value: 'kest' } }), 'completion/complete');
    assert.deepEqual(done.completion.values, ['Kestrel Engineering Ltd']);
    const review = promptText(await client.getPrompt({ name: 'client_review',
        arguments: { client: done.completion.values[0] } }));
    assert.match(review, /Client: Kestrel Engineering Ltd/);
    const ids = await client.complete({ ref: { type: 'ref/resource', uri: 'halopsa://tickets/{id}' },
        argument: { name: 'id', value: '4' } });
    assert.ok(ids.completion.values.length > 0 && ids.completion.values.every((v) => v.startsWith('4')),
        JSON.stringify(ids));

    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate),
        ['halopsa://tickets/{id}', 'halopsa://clients/{id}', 'halopsa://kb/{id}']);
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === 'halopsa://reference/statuses'));
    const view = resources.find((r) => r.uri === 'ui://halopsa/tickets.html');
    assert.equal(view?.mimeType, 'text/html;profile=mcp-app');
    const uri = `halopsa://tickets/${ids.completion.values[0]}`;
    const read = await within(client.readResource({ uri }), `resources/read ${uri}`);
    assert.deepEqual(read.contents.map((c) => c.mimeType), ['text/plain', 'application/json']);
    assert.equal(JSON.parse(read.contents[1].text).ticket.id, Number(ids.completion.values[0]));
    const page = await client.readResource({ uri: 'ui://halopsa/tickets.html' });
    assert.match(page.contents[0].text, /^<!DOCTYPE html>/);
}

test('v1 client, 2025-11-25 over stdio: prompts, completions, resources, the view on the tools', async () => {
    const s = await start(binary('halopsa-mcp'), ['--demo'], { extraEnv: { HALOPSA_TOOL_MODE: 'flat' } });
    try {
        assert.equal(s.protocolVersion(), '2025-11-25');
        await walk(s.client);
        const { tools } = await listAllTools(s.client);
        for (const name of ['halopsa_tickets_get', 'halopsa_tickets_list']) {
            const t = tools.find((x) => x.name === name);
            assert.equal(t?._meta?.ui?.resourceUri, 'ui://halopsa/tickets.html', name);
        }
        // not found in this era: -32002 naming the uri
        await assert.rejects(s.client.readResource({ uri: 'halopsa://tickets/999999' }),
            (e) => e.code === -32002 && /999999/.test(e.message));
        assert.deepEqual(s.sdkErrors(), []);
    } finally {
        await s.close();
    }
});

function modernClient() {
    return new Client({ name: 'halopsa-mcp-interop-ux', version: '1.0.0' },
        { versionNegotiation: { mode: 'auto' } });
}

test('v2 client, 2026-07-28 over stdio: the same, stateless; not found is -32602', async () => {
    const client = modernClient();
    const transport = new StdioClientTransport({ command: binary('halopsa-mcp'), args: ['--demo'],
        env: { ...process.env }, stderr: 'pipe' });
    let err = '';
    transport.stderr?.on('data', (c) => { err += c.toString('utf8'); });
    try {
        await within(client.connect(transport), 'connect', WAIT_MS * 2);
        assert.equal(client.getProtocolEra(), 'modern');
        await walk(client);
        await assert.rejects(client.readResource({ uri: 'halopsa://tickets/999999' }),
            (e) => e.code === -32602 && e.data?.uri === 'halopsa://tickets/999999');
    } catch (e) {
        e.message += `\n--- stderr ---\n${err}`;
        throw e;
    } finally {
        await client.close();
    }
    assert.doesNotMatch(err, /Sanitizer|runtime error:/, err);
});

test('v2 client, 2026-07-28 over Streamable HTTP: the same walk', async () => {
    const server = await startHttp();
    const client = modernClient();
    try {
        await within(client.connect(new StreamableHTTPClientTransport(new URL(server.url))), 'connect');
        assert.equal(client.getProtocolEra(), 'modern');
        await walk(client);
    } finally {
        await client.close();
        await server.stop();
    }
});
