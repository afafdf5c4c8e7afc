// measure.mjs - what authentication costs per request (not a test; run by
// hand): median and p95 of 2000 sequential "ping" round trips over one
// keep-alive connection to BIN_DIR/halopsa-mcp --demo --http, without
// authentication, with a bearer token from a file, and with an RS256 JWT
// from oidc-provider.
//   node22 tests/auth/measure.mjs build/release/bin
import fs from 'node:fs';
import path from 'node:path';
import { INITIALIZE, READ, WRITE, clientToken, makeKeys, post, startProvider, startServer, tmpFile } from './lib.mjs';

process.env.NODE_SUITE_BIN_DIR = path.resolve(process.argv[2] || 'build/release/bin');
const N = 2000;

async function run(label, args, token) {
    const srv = await startServer(args);
    const r = await post(srv.url, INITIALIZE, { token });
    const sid = r.headers.get('mcp-session-id');
    const times = [];
    for (let i = 0; i < N; i++) {
        const t0 = process.hrtime.bigint();
        const p = await post(srv.url, { jsonrpc: '2.0', id: i + 2, method: 'ping' }, { token, sid });
        times.push(Number(process.hrtime.bigint() - t0) / 1000);
        if (p.status !== 200) throw new Error(`${label}: ${p.status}`);
    }
    await srv.stop();
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(12)} median ${times[N / 2].toFixed(0)} us  p95 ${times[Math.floor(N * 0.95)].toFixed(0)} us`);
}

const tokens = tmpFile('measure.tokens');
fs.writeFileSync(tokens, 'alice measure-token-0123456789abcdef read write\n', { mode: 0o600 });
const idp = await startProvider(await makeKeys());
await run('none', []);
await run('token', ['--auth', 'token', '--auth-tokens', tokens], 'measure-token-0123456789abcdef');
// tokens are minted for a fixed public URL, since the port is not known in advance
const pub = 'https://mcp.example.com/mcp';
const jwt = await clientToken(idp.issuer, 'machine', pub, `${READ} ${WRITE}`);
await run('oauth RS256', ['--auth', 'oauth', '--auth-issuer', idp.issuer, '--public-url', pub], jwt);
await idp.close();
fs.rmSync(tokens);
