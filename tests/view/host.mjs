// host.mjs - a minimal MCP Apps host for the view tests: the real server
// (`halopsa-mcp --demo`) under the official SDK client, Debian's Chromium
// driven by playwright-core, and a host page that loads the view the way a
// web host does (a sandboxed iframe without allow-same-origin) behind the
// ext-apps SDK's own host-side bridge (AppBridge + PostMessageTransport,
// bundled for the browser with esbuild). Tool calls the view makes are
// proxied by the bridge to the real server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BIN_DIR = path.resolve(process.env.NODE_SUITE_BIN_DIR || 'build/asan/bin');
// Screenshots land next to the binaries, for a person to look at.
export const SHOT_DIR = path.join(BIN_DIR, '..', 'view-shots');
export const WAIT_MS = 20000;

// The flags that work on these machines (no sandbox as root, nothing
// phoning home); Playwright adds headless and a fresh profile.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function within(promise, what, ms = WAIT_MS) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The server under the SDK client, in flat mode so the ticket tools are
// listed from the start. close() checks it exits cleanly.
export async function startServer() {
    const bin = path.join(BIN_DIR, 'halopsa-mcp');
    assert.ok(fs.existsSync(bin), `${bin} does not exist (not built yet?)`);
    const transport = new StdioClientTransport({
        command: bin, args: ['--demo'], stderr: 'pipe',
        env: { ...process.env, HALOPSA_TOOL_MODE: 'flat' },
    });
    let errText = '';
    transport.stderr.on('data', (c) => { errText += c.toString('utf8'); });
    const client = new Client({ name: 'halopsa-view-test-host', version: '1.0.0' }, { capabilities: {} });
    await within(client.connect(transport), 'initialize');
    const proc = transport._process;
    return {
        client,
        async close() {
            const exited = new Promise((resolve) => {
                if (proc.exitCode !== null) resolve();
                else proc.once('exit', () => resolve());
            });
            await client.close();
            await within(exited, 'halopsa-mcp to exit');
            assert.equal(proc.exitCode, 0, `halopsa-mcp exited ${proc.exitCode}\n${errText}`);
            assert.doesNotMatch(errText, /Sanitizer|runtime error:/, errText);
        },
    };
}

// The ext-apps host bridge as one browser script (window.McpAppBridge).
let bundle;
export async function bridgeBundle() {
    if (!bundle) {
        const out = await build({
            stdin: {
                contents: "export { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';",
                resolveDir: HERE, loader: 'js',
            },
            bundle: true, format: 'iife', globalName: 'McpAppBridge', platform: 'browser',
            write: false, logLevel: 'error',
        });
        bundle = out.outputFiles[0].text;
    }
    return bundle;
}

export async function launch() {
    const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
    assert.ok(fs.existsSync(executablePath), `${executablePath} not found (scripts/deps.sh installs chromium)`);
    return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

const HOST_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>test host</title>
<style>body{margin:0;background:#fff}iframe{border:0;width:900px;height:700px;display:block}</style>
</head><body><iframe id="view" sandbox="allow-scripts" title="ticket view"></iframe></body></html>`;

// Opens the host page and the view html in it, connects the bridge and
// waits for the view's ui/notifications/initialized. Returns { page, frame,
// sent(result), events } where sent() delivers a tool input and result.
export async function openView(browser, server, html) {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.setContent(HOST_PAGE);
    await page.addScriptTag({ content: await bridgeBundle() });
    // The view's tools/call goes through the bridge to the real server.
    await page.exposeFunction('hostCallTool', async (params) => server.client.callTool(params));
    await page.evaluate(async (viewHtml) => {
        const { AppBridge, PostMessageTransport } = window.McpAppBridge;
        const iframe = document.getElementById('view');
        window.hostEvents = { initialized: false, sizes: [], calls: [] };
        const bridge = new AppBridge(null, { name: 'test-host', version: '1.0.0' },
            { serverTools: {}, logging: {} },
            { hostContext: { theme: 'light', displayMode: 'inline', platform: 'web' } });
        bridge.oncalltool = async (params) => {
            window.hostEvents.calls.push(params);
            return window.hostCallTool(params);
        };
        bridge.onsizechange = (s) => window.hostEvents.sizes.push(s);
        bridge.oninitialized = () => { window.hostEvents.initialized = true; };
        window.bridge = bridge;
        // Connected before the page loads, so its first message is heard.
        await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
        iframe.srcdoc = viewHtml;
    }, html);
    await within(page.waitForFunction(() => window.hostEvents.initialized), 'ui/notifications/initialized');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame, 'the view frame');
    return {
        page,
        frame,
        consoleErrors,
        async deliver(args, result) {
            await page.evaluate(async ([a, r]) => {
                await window.bridge.sendToolInput({ arguments: a });
                await window.bridge.sendToolResult(r);
            }, [args, result]);
        },
    };
}

// What a screenshot (PNG bytes) shows: the share of pixels that differ
// from the most common colour, and how many colours there are.
export async function inkOf(page, png) {
    return page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const counts = new Map();
        for (let i = 0; i < d.length; i += 4) {
            const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
            counts.set(k, (counts.get(k) || 0) + 1);
        }
        const top = Math.max(...counts.values());
        const total = d.length / 4;
        return { ink: (total - top) / total, colours: counts.size, width: c.width, height: c.height };
    }, png.toString('base64'));
}

export function saveShot(name, png) {
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(SHOT_DIR, name), png);
}
