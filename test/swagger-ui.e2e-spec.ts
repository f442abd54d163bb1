import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { Call } from '../src/call-billing/persistence/call.entity.js';
import { API_KEY as KEY } from './support/auth.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * "The Swagger UI works for a person" (issue 4): a real, headless Chromium opens /docs on the
 * real app listening on a port, authorises with an API key, runs PUT /mobile/{user_name}/call
 * with "Try it out" and sees 201, as a person would. Debian's `chromium` package is the browser
 * (.ci/run installs it); playwright-core only drives it and never downloads one of its own.
 */
const CHROMIUM = '/usr/bin/chromium';
const USER = 'swagger.ui-person';
const DURATION = 545_000;
const SCREENSHOT = join(
  import.meta.dirname,
  'artifacts',
  'swagger-put-201.png',
);
/** Each step of the UI waits at most this long: a stuck page fails fast, not at Jest's timeout. */
const STEP_MS = 5_000;

const HAS_CHROMIUM = existsSync(CHROMIUM);
const describeWithChromium = HAS_CHROMIUM ? describe : describe.skip;
if (!HAS_CHROMIUM) {
  console.warn(
    `swagger-ui.e2e-spec skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`,
  );
}

describeWithChromium(
  HAS_CHROMIUM
    ? 'the Swagger UI works for a person (headless Chromium)'
    : `the Swagger UI works for a person — SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)`,
  () => {
    let t: TestApp;
    let url: string;
    let profile: string;
    let browser: BrowserContext | undefined;

    beforeAll(async () => {
      t = await createTestApp({ API_KEYS: KEY });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      url = await t.app.getUrl();
      profile = mkdtempSync(join(tmpdir(), 'swagger-ui-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1280, height: 1500 },
        timeout: 15_000,
      });
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      if (profile !== undefined)
        rmSync(profile, { recursive: true, force: true });
      await t?.close();
    });

    it('authorise with a key, "Try it out" on PUT /mobile/{user_name}/call, Execute: 201, stored', async () => {
      const page: Page = browser!.pages()[0] ?? (await browser!.newPage());
      page.setDefaultTimeout(STEP_MS);
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      // The first load compiles the UI's megabyte of script in a new profile: on a machine busy
      // with other suites it took over 5 s.
      await page.goto(`${url}/docs`, { waitUntil: 'load', timeout: 20_000 });
      await page
        .getByRole('heading', { name: /Call Billing Service/ })
        .waitFor();

      // "Authorize": the API key's form of the dialog (the admin key has one too) takes the
      // key, then the dialog is closed.
      await page.locator('.auth-wrapper button.authorize').click();
      const dialog = page.locator('.dialog-ux .modal-ux');
      const apiKey = dialog
        .locator('form')
        .filter({ hasText: 'api-key (http, Bearer)' });
      await apiKey.getByRole('textbox').fill(KEY);
      // Its "Authorize" button (labelled "Apply credentials" for screen readers).
      await apiKey
        .locator('button.authorize', { hasText: 'Authorize' })
        .click();
      await apiKey.locator('button', { hasText: 'Logout' }).waitFor();
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await dialog.waitFor({ state: 'detached' });
      // The padlock of the operations now shows them authorised.
      await page.locator('.auth-wrapper button.authorize.locked').waitFor();

      // Expand the operation, "Try it out", fill in the user and the body, "Execute".
      const operation = page.locator('.opblock.opblock-put').filter({
        has: page.locator('[data-path="/mobile/{user_name}/call"]'),
      });
      await operation.locator('.opblock-summary-control').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation
        .locator('tr[data-param-name="user_name"] input')
        .fill(USER);
      await operation
        .locator('textarea.body-param__text')
        .fill(JSON.stringify({ call_duration: DURATION }, null, 2));
      await operation.getByRole('button', { name: 'Execute' }).click();

      // The response panel: the live response's status and body.
      const live = operation.locator('.live-responses-table .response');
      const status = live.locator('.response-col_status');
      await status.waitFor();
      // The picture shows the operation from its title down to the live response's code.
      // (The project's types have no DOM: the element is typed by what is called on it.)
      await operation.evaluate(
        (element: { scrollIntoView(options: { block: 'start' }): void }) =>
          element.scrollIntoView({ block: 'start' }),
      );
      mkdirSync(join(import.meta.dirname, 'artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });

      expect((await status.innerText()).trim()).toBe('201');
      const body = await live
        .locator('.response-col_description pre')
        .first()
        .innerText();
      const call = JSON.parse(body) as { id: string };
      expect(call).toMatchObject({
        user_name: USER,
        call_duration: DURATION,
      });
      // The request the UI sent carried the key: the curl it shows says so.
      await expect(
        operation.locator('.curl-command').innerText(),
      ).resolves.toContain(`Authorization: Bearer ${KEY}`);
      expect(pageErrors).toEqual([]);

      const stored = await t.dataSource
        .getRepository(Call)
        .findBy({ userName: USER });
      expect(stored.map(({ callDuration }) => callDuration)).toEqual([
        DURATION,
      ]);
      expect(String(stored[0]?.id)).toBe(call.id);
    }, 60_000);
  },
);
