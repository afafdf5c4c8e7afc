// bundle.test.mjs - the packed Claude Desktop bundle (MCPB) as Claude Desktop
// sees it: unpacked by the official mcpb CLI, its server command built from
// manifest.json by the mcpb library's getMcpConfigForManifest (the code
// Claude Desktop uses: ${__dirname} and ${user_config.*} expanded, unset
// optional values left as placeholders), then started and driven over stdio
// by the official TypeScript SDK client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMcpConfigForManifest, hasRequiredConfigMissing } from '@anthropic-ai/mcpb';
import { start, listAllTools, names, textOf, within } from '../interop/lib.mjs';

const CLI = fileURLToPath(new URL('../node_modules/@anthropic-ai/mcpb/dist/cli/cli.js', import.meta.url));
const BUNDLE = process.env.MCPB_BUNDLE;
const WORK = process.env.MCPB_WORK;
const BIN_DIR = process.env.NODE_SUITE_BIN_DIR; // tests/lib/node-suite.sh: BUILD_DIR/bin
const SECRET = 'demo-client-secret-0000';
const dir = path.join(WORK || '.', 'unpacked');
let manifest;
let sim;
let simUrl;

// The simulator on an ephemeral port; it prints its URL on stderr.
function startSim() {
    return new Promise((resolve, reject) => {
        const p = spawn(path.join(BIN_DIR, 'halopsa-sim'), ['--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => {
            err += d;
            const m = /listening on (http:\/\/\S+)/.exec(err);
            if (m) resolve({ proc: p, url: m[1] });
        });
        p.once('exit', (code) => reject(new Error(`halopsa-sim exited ${code}: ${err}`)));
    });
}

// Claude Desktop passes its own environment on, plus the manifest's env:
// so do these tests, without any HALOPSA_* variable of the caller's.
for (const k of Object.keys(process.env)) if (k.startsWith('HALOPSA_')) delete process.env[k];

// The server config Claude Desktop would run for userConfig, and the
// server started from it.
async function startFromManifest(userConfig) {
    const cfg = await getMcpConfigForManifest({
        manifest, extensionPath: dir, systemDirs: {}, userConfig, pathSeparator: '/',
    });
    assert.ok(cfg, 'getMcpConfigForManifest gave no config (required user_config missing?)');
    return { cfg, server: await start(cfg.command, cfg.args, { extraEnv: cfg.env }) };
}

before(async () => {
    assert.ok(BUNDLE && fs.existsSync(BUNDLE), `no bundle at ${BUNDLE} (run through run-suite.sh)`);
    execFileSync(process.execPath, [CLI, 'unpack', BUNDLE, dir], { stdio: 'pipe' });
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    ({ proc: sim, url: simUrl } = await within(startSim(), 'halopsa-sim to listen'));
});

after(() => {
    if (sim) sim.kill('SIGTERM');
});

test('manifest: user_config for tenant, client id and a sensitive secret; flat tools; the binary', () => {
    const uc = manifest.user_config;
    assert.equal(uc.tenant?.type, 'string');
    assert.equal(uc.client_id?.required, true);
    assert.equal(uc.client_secret?.required, true);
    assert.equal(uc.client_secret?.sensitive, true, 'the secret must be marked sensitive');
    assert.deepEqual(manifest.server.mcp_config.args.slice(-2), ['--tools', 'flat']);
    assert.equal(manifest.server.type, 'binary');
    const bin = path.join(dir, manifest.server.entry_point);
    assert.ok(fs.statSync(bin).mode & 0o100, `${bin} lost its executable bit in the bundle`);
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' });
    assert.match(version, new RegExp(`^halopsa-mcp ${manifest.version.replace(/\./g, '\\.')}`));
});

test('without the required client id and secret Claude Desktop would not start it', () => {
    assert.equal(hasRequiredConfigMissing({ manifest, userConfig: { tenant: 'acme' } }), true);
    assert.equal(hasRequiredConfigMissing({ manifest, userConfig: { tenant: 'acme', client_id: 'x', client_secret: 'y' } }), false);
});

test('started from the manifest: initialize, flat mode lists the core set and halopsa_call, a call reaches HaloPSA', async () => {
    const { cfg, server } = await startFromManifest({
        base_url: simUrl, client_id: 'demo-client-id', client_secret: SECRET,
    });
    try {
        assert.equal(cfg.command, path.join(dir, 'server/halopsa-mcp'), '${__dirname} was not expanded');
        assert.equal(cfg.env.HALOPSA_TENANT, '${user_config.tenant}', 'an unset optional value stays a placeholder');
        assert.equal(cfg.env.HALOPSA_READ_ONLY, 'false', 'the read_only default was not applied');
        const all = names((await listAllTools(server.client)).tools);
        for (const t of ['halopsa_tickets_list', 'halopsa_tickets_create', 'halopsa_clients_get', 'halopsa_call']) {
            assert.ok(all.includes(t), `flat mode lists ${t} (got ${all.length} tools)`);
        }
        const r = await within(server.client.callTool({ name: 'halopsa_tickets_list', arguments: { page_size: 2 } }),
            'halopsa_tickets_list');
        assert.notEqual(r.isError, true, `halopsa_tickets_list failed: ${JSON.stringify(r.content)}`);
        assert.equal(r.structuredContent.tickets.length, 2, textOf(r));
        assert.ok(!server.stderr().includes(SECRET), 'the client secret appeared on stderr');
    } finally {
        await server.close();
    }
});

test('read_only from user_config hides the write tools', async () => {
    const { server } = await startFromManifest({
        base_url: simUrl, client_id: 'demo-client-id', client_secret: SECRET, read_only: true,
    });
    try {
        const all = names((await listAllTools(server.client)).tools);
        assert.ok(all.includes('halopsa_tickets_list'));
        assert.ok(!all.includes('halopsa_tickets_create'), 'read-only mode still lists halopsa_tickets_create');
    } finally {
        await server.close();
    }
});

test('tenant only (no instance URL): the placeholder counts as unset and the server starts', async () => {
    const { cfg, server } = await startFromManifest({ tenant: 'acme', client_id: 'id', client_secret: SECRET });
    try {
        assert.equal(cfg.env.HALOPSA_BASE_URL, '${user_config.base_url}');
        assert.equal(cfg.env.HALOPSA_TENANT, 'acme');
        const all = names((await listAllTools(server.client)).tools);
        assert.ok(all.length > 20, `only ${all.length} tools listed`);
    } finally {
        await server.close();
    }
});
