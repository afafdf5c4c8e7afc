// view.test.mjs - the ticket view (ui://halopsa/tickets.html) rendered by
// headless Chromium behind the ext-apps host bridge, fed tool results
// recorded from `halopsa-mcp --demo`: a ticket with its fields, actions and
// status badge (and a summary that tries to inject script, shown as text);
// the queue as a table that sorts; a row opening its ticket through a
// tools/call the host proxies to the server; screenshots that are not blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openView, inkOf, saveShot, within } from './host.mjs';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Printer on fire';
let server;
let browser;
let html;
let ticketId;

before(async () => {
    server = await startServer();
    browser = await launch();
    // The view the tools name, read as a host reads it.
    const { tools } = await server.client.listTools();
    const get = tools.find((t) => t.name === 'halopsa_tickets_get');
    assert.equal(get._meta.ui.resourceUri, 'ui://halopsa/tickets.html');
    const { contents } = await server.client.readResource({ uri: get._meta.ui.resourceUri });
    assert.equal(contents[0].mimeType, 'text/html;profile=mcp-app');
    html = contents[0].text;
    // A ticket whose end-user text is hostile markup.
    const created = await server.client.callTool({
        name: 'halopsa_tickets_create',
        arguments: { summary: HOSTILE, details: '</pre><script>window.__pwned=3</script>Smoke from tray 2',
            client: 'Meridian', team: '1st Line Support', priority: 'P1' },
    });
    assert.ok(!created.isError, JSON.stringify(created));
    ticketId = created.structuredContent.ticket.id;
    const note = await server.client.callTool({
        name: 'halopsa_tickets_add_action',
        arguments: { ticket_id: ticketId, note: '<svg onload="window.__pwned=4">Replaced the fuser</svg>',
            hiddenfromuser: false },
    });
    assert.ok(!note.isError, JSON.stringify(note));
});

after(async () => {
    await browser?.close();
    await server?.close();
});

// Nothing the ticket said ran, and no element came from its text.
async function assertInert(frame) {
    assert.equal(await frame.evaluate(() => window.__pwned), undefined, 'script from ticket text ran');
    assert.equal(await frame.locator('#app img, #app script, #app svg, #app iframe').count(), 0);
}

test('a ticket: fields, actions, status badge; hostile text stays text', async () => {
    const args = { id: ticketId, include_actions: true };
    const result = await server.client.callTool({ name: 'halopsa_tickets_get', arguments: args });
    assert.ok(!result.isError);
    const v = await openView(browser, server, html);
    await v.deliver(args, result);
    const app = v.frame.locator('#app[data-view="ticket"]');
    await within(app.waitFor(), 'the ticket to render');
    // the summary is in the DOM, literally, as text
    assert.equal(await v.frame.locator('h1 .summary').textContent(), HOSTILE);
    assert.match(await v.frame.locator('h1').textContent(), new RegExp(`^#${ticketId} `));
    const badge = v.frame.locator('.badges .badge').first();
    assert.equal(await badge.textContent(), result.structuredContent.ticket.status_name);
    assert.match(await badge.getAttribute('class'), /\bb-(new|open|wait|done)\b/);
    const fields = await v.frame.locator('dl.fields').textContent();
    assert.match(fields, /ClientMeridian Accountancy LLP/);
    assert.match(fields, /Team1st Line Support/);
    // the details and the note, with the untrusted markers taken off and
    // flagged as end-user text instead
    // (the details are HTML to HaloPSA: the server shows them as text, the
    // script dropped, and the view shows exactly that)
    const details = await v.frame.locator('pre.text').first().textContent();
    assert.equal(details, result.structuredContent.ticket.details);
    assert.doesNotMatch(details, /<script/);
    assert.equal(await v.frame.locator('pre.enduser').first().count(), 1);
    const actions = v.frame.locator('ol.actions li');
    assert.equal(await actions.count(), result.structuredContent.actions.length);
    assert.match(await actions.first().textContent(), /Replaced the fuser/);
    await assertInert(v.frame);
    assert.deepEqual(v.consoleErrors, []);
    // the host heard the view's size
    const sizes = await v.page.evaluate(() => window.hostEvents.sizes);
    assert.ok(sizes.some((s) => s.height > 100), JSON.stringify(sizes));
    // and it shows: not a blank frame
    const png = await v.page.locator('#view').screenshot();
    saveShot('ticket.png', png);
    const ink = await inkOf(v.page, png);
    assert.ok(ink.ink > 0.02, `screenshot nearly blank: ${JSON.stringify(ink)}`);
    assert.ok(ink.colours > 20, `screenshot has too few colours: ${JSON.stringify(ink)}`);
    await v.page.close();
});

test('the queue: a table that sorts, a row opens its ticket through the host', async () => {
    const args = { page_size: 30 };
    const result = await server.client.callTool({ name: 'halopsa_tickets_list', arguments: args });
    assert.ok(!result.isError);
    // rows as arrays in the order of columns
    const sc = result.structuredContent;
    const rows = sc.tickets.map((r) => Object.fromEntries(sc.columns.map((c, i) => [c, r[i]])));
    assert.ok(rows.length > 5);
    const v = await openView(browser, server, html);
    await v.deliver(args, result);
    await within(v.frame.locator('#app[data-view="queue"] table').waitFor(), 'the table');
    const trs = v.frame.locator('tbody tr');
    assert.equal(await trs.count(), rows.length);
    const ids = async () => (await trs.evaluateAll((els) => els.map((e) => Number(e.dataset.id))));
    const byId = rows.map((r) => r.id);
    // sort by id: ascending, then descending
    const idHead = v.frame.locator('th[data-key="id"]');
    await idHead.locator('button').click();
    assert.equal(await idHead.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await ids(), [...byId].sort((a, b) => a - b));
    await v.frame.locator('th[data-key="id"] button').click();
    assert.equal(await v.frame.locator('th[data-key="id"]').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await ids(), [...byId].sort((a, b) => b - a));
    // sort by client name
    await v.frame.locator('th[data-key="client_name"] button').click();
    const clients = await v.frame.locator('tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(clients, [...clients].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    // the hostile summary is a cell's text, nothing more
    assert.ok((await v.frame.locator('tbody td.summary').allTextContents()).includes(HOSTILE)
        || !rows.some((r) => r.id === ticketId));
    await assertInert(v.frame);
    const png = await v.page.locator('#view').screenshot();
    saveShot('queue.png', png);
    const ink = await inkOf(v.page, png);
    assert.ok(ink.ink > 0.02 && ink.colours > 20, `screenshot nearly blank: ${JSON.stringify(ink)}`);

    // clicking a row: the view calls halopsa_tickets_get, the host passes
    // it to the server, the ticket replaces the table
    const first = rows[0];
    await v.frame.locator(`tbody tr[data-id="${first.id}"]`).click();
    await within(v.frame.locator('#app[data-view="ticket"]').waitFor(), 'the ticket opened from the queue');
    const calls = await v.page.evaluate(() => window.hostEvents.calls);
    assert.deepEqual(calls, [{ name: 'halopsa_tickets_get', arguments: { id: first.id, include_actions: true } }]);
    assert.match(await v.frame.locator('h1').textContent(), new RegExp(`^#${first.id} `));
    // and back to the queue
    await v.frame.locator('button.link').click();
    await within(v.frame.locator('#app[data-view="queue"]').waitFor(), 'back to the queue');
    assert.deepEqual(v.consoleErrors, []);
    await v.page.close();
});

test('an error result is shown as an error', async () => {
    const args = { id: 999999 };
    const result = await server.client.callTool({ name: 'halopsa_tickets_get', arguments: args });
    assert.ok(result.isError);
    const v = await openView(browser, server, html);
    await v.deliver(args, result);
    await within(v.frame.locator('#app[data-view="error"]').waitFor(), 'the error');
    assert.match(await v.frame.locator('.error').textContent(), /404/);
    await v.page.close();
});
