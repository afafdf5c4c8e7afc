// lib.mjs - what the interop tests share: finding our binaries, starting one
// under the official TypeScript SDK client over stdio, and checking that it
// exits on its own, cleanly, when the client closes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

// run-suite.sh sets INTEROP_BIN_DIR to BUILD_DIR/bin.
export const BIN_DIR = path.resolve(process.env.INTEROP_BIN_DIR || 'build/asan/bin');

// How long one awaited event (a notification, a reply) may take before the
// test fails instead of hanging; generous because ASan builds start slowly.
export const WAIT_MS = Number(process.env.INTEROP_WAIT_MS) || 15000; // the container suite sets more

export function binary(name) {
    const file = path.join(BIN_DIR, name);
    assert.ok(fs.existsSync(file), `${file} does not exist (not built yet?)`);
    return file;
}

// Rejects after ms with a message naming what was awaited.
export function within(promise, what, ms = WAIT_MS) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts `command args` as an MCP server and connects (initialize +
// initialized). The SDK passes only a minimal environment to the child unless
// `env` is given, so the whole environment is passed, plus `extraEnv`.
// Returns { client, proc, stderr(), protocolVersion(), sdkErrors(), listChanged(), close() }:
//   listChanged() resolves at the next notifications/tools/list_changed;
//   close() closes the client and asserts the child exited by itself with
//   status 0 and printed no sanitizer report.
export async function start(command, args = [], { extraEnv = {}, capabilities = {} } = {}) {
    const transport = new StdioClientTransport({
        command,
        args,
        env: { ...process.env, ...extraEnv },
        stderr: 'pipe',
    });
    // Client.connect hands the negotiated version to the transport when it
    // can take one; the stdio transport has no such method, so this records it.
    let negotiated;
    transport.setProtocolVersion = (v) => {
        negotiated = v;
    };
    let errText = '';
    transport.stderr.on('data', (chunk) => {
        errText += chunk.toString('utf8');
    });
    const client = new Client({ name: 'halopsa-mcp-interop', version: '1.0.0' }, { capabilities });
    // Errors the SDK reports outside any call (e.g. a progress notification
    // for a request it already considers finished) explain odd results.
    const sdkErrors = [];
    client.onerror = (err) => sdkErrors.push(err.message);
    let waiters = [];
    let changes = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        changes += 1;
        const w = waiters;
        waiters = [];
        for (const resolve of w) resolve();
    });
    try {
        await within(client.connect(transport), `initialize from ${path.basename(command)}`);
    } catch (err) {
        await transport.close().catch(() => {});
        throw new Error(`${err.message}\n--- stderr of ${command} ---\n${errText}`);
    }
    // The SDK keeps the ChildProcess private; its exit status is what the
    // close check is about.
    const proc = transport._process;
    assert.ok(proc, 'the SDK transport exposes no child process');
    return {
        client,
        proc,
        stderr: () => errText,
        protocolVersion: () => negotiated,
        sdkErrors: () => sdkErrors,
        listChangedCount: () => changes,
        listChanged: () => within(new Promise((resolve) => waiters.push(resolve)), 'notifications/tools/list_changed'),
        async close() {
            const exited = new Promise((resolve) => {
                if (proc.exitCode !== null || proc.signalCode !== null) resolve();
                else proc.once('exit', () => resolve());
            });
            await client.close();
            await within(exited, 'the child to exit');
            assert.equal(proc.signalCode, null,
                `child was killed by ${proc.signalCode} instead of exiting on stdin EOF\n${errText}`);
            assert.equal(proc.exitCode, 0, `child exited with status ${proc.exitCode}\n${errText}`);
            assert.doesNotMatch(errText, /Sanitizer|runtime error:/, `sanitizer report on stderr:\n${errText}`);
        },
    };
}

// Every tool over all pages of tools/list, with the pages' sizes.
export async function listAllTools(client) {
    const tools = [];
    const sizes = [];
    let cursor;
    for (let i = 0; i < 100; i++) {
        const page = await within(client.listTools(cursor ? { cursor } : {}), 'tools/list');
        tools.push(...page.tools);
        sizes.push(page.tools.length);
        cursor = page.nextCursor;
        if (!cursor) return { tools, sizes };
    }
    throw new Error('tools/list still had a nextCursor after 100 pages');
}

export function names(tools) {
    return tools.map((t) => t.name);
}

// The text of the only text content item of a tool result.
export function textOf(result) {
    const texts = (result.content || []).filter((c) => c.type === 'text');
    assert.equal(texts.length, 1, `expected one text item in ${JSON.stringify(result)}`);
    return texts[0].text;
}

// `halopsa-mcp --demo serve --http 127.0.0.1:0`: resolves { url, stop() };
// stop() sends SIGTERM and checks a clean exit without a sanitizer report.
export async function startHttp() {
    const proc = spawn(binary('halopsa-mcp'), ['--demo', 'serve', '--http', '127.0.0.1:0'],
        { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const url = await within(new Promise((resolve, reject) => {
        proc.stderr.on('data', (chunk) => {
            err += chunk.toString('utf8');
            const m = err.match(/serving Streamable HTTP on (http:\/\/\S+)/);
            if (m) resolve(m[1]);
        });
        proc.once('exit', (code) => reject(new Error(`halopsa-mcp exited ${code}: ${err}`)));
    }), 'halopsa-mcp --http to listen');
    return {
        url,
        async stop() {
            const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
            proc.kill('SIGTERM');
            const { code, signal } = await within(exited, 'halopsa-mcp to exit on SIGTERM');
            assert.equal(signal, null, `killed by ${signal}\n${err}`);
            assert.equal(code, 0, `exit status ${code}\n${err}`);
            assert.doesNotMatch(err, /Sanitizer|runtime error:/, `sanitizer report:\n${err}`);
        },
    };
}
