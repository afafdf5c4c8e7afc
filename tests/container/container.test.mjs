// container.test.mjs - the image built by suite.sh, driven by the
// official TypeScript SDK client: `--demo` over stdio through `podman run
// -i` (what a host's "command": "docker", "args": ["run", "-i", ...] does),
// and `serve --http 0.0.0.0:PORT` in a detached container reached from the
// host, with the image's HEALTHCHECK in both forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { start, listAllTools, names, within } from '../interop/lib.mjs';

const run = promisify(execFile);
const IMAGE = process.env.CONTAINER_IMAGE;
const OCI = process.env.OCI;
const ALLOW = process.env.CONTAINER_ALLOW ? [process.env.CONTAINER_ALLOW] : [];
const WAIT = 120000; // a container start on a loaded machine with the vfs driver is slow
const SLOW = { timeout: 5 * WAIT }; // per test, over node-suite.sh's default

function oci(...args) {
    return run('bash', [OCI, ...args], { timeout: WAIT });
}

// A port nothing listens on now (the container uses the host's network).
function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

// Connects the SDK client over Streamable HTTP, retrying while the
// container starts.
async function connectHttp(url) {
    const deadline = Date.now() + WAIT;
    for (;;) {
        const client = new Client({ name: 'halopsa-mcp-container-test', version: '1.0.0' });
        try {
            await client.connect(new StreamableHTTPClientTransport(new URL(url)));
            return client;
        } catch (err) {
            await client.close().catch(() => {});
            if (Date.now() > deadline) throw new Error(`no MCP server at ${url}: ${err.message}`);
            await new Promise((r) => setTimeout(r, 500));
        }
    }
}

async function healthcheck(name) {
    try {
        const { stdout } = await oci('podman', 'healthcheck', 'run', name);
        return { code: 0, out: stdout.trim() };
    } catch (err) {
        return { code: err.code, out: `${err.stdout}${err.stderr}`.trim() };
    }
}

async function stop(name) {
    await oci('podman', 'stop', '-t', '10', name).catch(() => {});
    await oci('podman', 'rm', '-f', name).catch(() => {});
}

test('stdio: podman run -i IMAGE --demo answers initialize, tools/list, a call and a report', SLOW, async () => {
    const s = await start('bash', [OCI, 'run', '-i', '--no-healthcheck', IMAGE, '--demo']);
    try {
        assert.equal(s.client.getServerVersion()?.name, 'halopsa-mcp');
        const all = names((await listAllTools(s.client)).tools);
        assert.ok(all.includes('halopsa_navigate'), `halopsa_navigate missing from ${all}`);
        const r = await within(s.client.callTool({ name: 'halopsa_tickets_list', arguments: { page_size: 3 } }),
            'halopsa_tickets_list', WAIT);
        assert.notEqual(r.isError, true, JSON.stringify(r.content));
        assert.equal(r.structuredContent.tickets.length, 3);
        // Reports run on SQLite, loaded with dlopen: ldd does not name it, so
        // the runtime stage must install it on purpose.
        const rep = await within(s.client.callTool({ name: 'halopsa_reports_run', arguments: { id: 1, max_rows: 3 } }),
            'halopsa_reports_run', WAIT);
        assert.notEqual(rep.isError, true, JSON.stringify(rep.content));
        assert.equal(rep.structuredContent.rows.length, 3, JSON.stringify(rep.content));
    } finally {
        // End of stdin must end the container with status 0. podman needs a
        // few seconds to remove it after the server exits, longer than the
        // SDK's close() waits before it sends SIGTERM: wait here first.
        const exited = new Promise((resolve) => {
            if (s.proc.exitCode !== null || s.proc.signalCode !== null) resolve();
            else s.proc.once('exit', resolve);
        });
        s.proc.stdin.end();
        await within(exited, 'podman run to exit after stdin closed', WAIT);
        await s.client.close();
        assert.equal(s.proc.signalCode, null, `podman was killed by ${s.proc.signalCode}\n${s.stderr()}`);
        assert.equal(s.proc.exitCode, 0, `podman run exited ${s.proc.exitCode}\n${s.stderr()}`);
        assert.match(s.stderr(), /end of input, exiting/);
    }
});

test('stdio: the HEALTHCHECK passes while the stdio server runs', SLOW, async () => {
    const name = `halopsa-mcp-stdio-${process.pid}`;
    await oci('run', '-d', '-i', '--name', name, IMAGE, '--demo');
    try {
        const h = await healthcheck(name);
        assert.equal(h.code, 0, `healthcheck: ${h.out}`);
    } finally {
        await stop(name);
    }
});

test(`http: serve --http 0.0.0.0:PORT ${ALLOW.join(' ')} reached from the host; HEALTHCHECK passes`, SLOW, async () => {
    const port = await freePort();
    const name = `halopsa-mcp-http-${process.pid}`;
    await oci('run', '-d', '--name', name, IMAGE, 'serve', '--http', `0.0.0.0:${port}`, ...ALLOW, '--demo');
    try {
        const client = await connectHttp(`http://127.0.0.1:${port}/mcp`);
        try {
            const all = names((await listAllTools(client)).tools);
            assert.ok(all.includes('halopsa_status'), `halopsa_status missing from ${all}`);
            const r = await within(client.callTool({ name: 'halopsa_tickets_get', arguments: { id: 1 } }),
                'halopsa_tickets_get', WAIT);
            assert.notEqual(r.isError, true, JSON.stringify(r.content));
        } finally {
            await client.close();
        }
        const h = await healthcheck(name);
        assert.equal(h.code, 0, `healthcheck: ${h.out}`);
        const { stdout: logs } = await oci('podman', 'logs', name).catch((e) => ({ stdout: `${e.stdout}${e.stderr}` }));
        assert.doesNotMatch(logs, /Sanitizer|runtime error:/);
    } finally {
        await stop(name);
    }
});

test('http: the health check fails when the --http server does not answer', SLOW, async () => {
    // A stand-in process named halopsa-mcp "serving" a port nobody listens on.
    const port = await freePort();
    const script = `exec -a halopsa-mcp bash -c 'sleep 60; :' x --http 127.0.0.1:${port} &
        sleep 1; halopsa-mcp-healthcheck`;
    const r = await oci('run', '--no-healthcheck', '--entrypoint', 'bash', IMAGE, '-c', script)
        .then(() => ({ code: 0, out: '' }), (e) => ({ code: e.code, out: `${e.stderr}` }));
    assert.equal(r.code, 1, `the health check passed against a dead port: ${r.out}`);
    assert.match(r.out, /no HTTP answer/);
});
