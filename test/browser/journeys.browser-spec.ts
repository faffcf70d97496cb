/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, where document and window exist.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium, screenshot } from '../support/browser.js';
import { testFacility, uniqueName, YELLOWSTONE_ZIP as ZIP } from '../support/test-facility.js';
import { api, createAccount, eventually, GATEWAY_URL, signInAsAdmin, type TestAccount } from '../support/system-under-test.js';

// The three journeys of the web app in Debian's Chromium, against the system `npm test` runs:
// a planner refers, the facility accepts and admits, the admin finds it in history. Screenshots of
// each screen land in test/artifacts/screenshots.

const LEVEL = 'detox-residential';
// No facility of the national directory is near Yellowstone (ZIP): the matches are only the one made here.
const DESKTOP = { width: 1280, height: 900 };
// An iPad Air in portrait.
const TABLET = { viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const STEP_MS = 20_000;

let browser: Browser;
let facility: { id: string; name: string };
let planner: TestAccount;
let staff: TestAccount;
let referralId: string;
const contexts: BrowserContext[] = [];

async function createFacility(): Promise<{ id: string; name: string }> {
  const name = uniqueName('Browser Old Faithful Recovery');
  const created = await api<{ id: string }>(
    'POST',
    '/api/facilities',
    testFacility({ name, programs: [{ levelOfCare: LEVEL }, { levelOfCare: 'residential-short-term' }] }),
    await signInAsAdmin(),
  );
  expect(created.status).toBe(201);
  return { id: created.body.id, name };
}

async function openPage(options: Parameters<Browser['newContext']>[0] = { viewport: DESKTOP }): Promise<Page> {
  const context = await browser.newContext({ ...options, baseURL: GATEWAY_URL });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  // A script error in the app fails the journey, even when the page still looks right.
  page.on('pageerror', (error) => {
    throw new Error(`the web app threw: ${error.message}`);
  });
  return page;
}

async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

beforeAll(async () => {
  browser = await launchChromium();
  facility = await createFacility();
  staff = await createAccount('facility-staff', [facility.id], null, `Staff of ${facility.name}`);
  planner = await createAccount('planner', [], 'Browser General Hospital', 'Pat Planner');
  const staffToken = (await api<{ accessToken: string }>('POST', '/api/auth/token', { email: staff.email, password: staff.password })).body
    .accessToken;
  const beds = await api(
    'PUT',
    `/api/facilities/${facility.id}/capacity`,
    { beds: [{ levelOfCare: LEVEL, staffed: 8, available: 3 }] },
    staffToken,
  );
  expect(beds.status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe('the web app in Chromium', () => {
  let staffPage: Page;
  let plannerPage: Page;

  it(
    'a planner fills the referral form, which checks each field as it is typed, ' + 'and sees the matches pushed live, with reasons',
    async () => {
      plannerPage = await openPage();
      await plannerPage.goto('/');
      await expectAccessible(plannerPage);
      await screenshot(plannerPage, '01-sign-in');
      await signIn(plannerPage, planner);
      await plannerPage.getByRole('heading', { name: 'New referral' }).waitFor();

      // Validation as you type: the message appears before anything is submitted, and goes once the field is right.
      const zip = plannerPage.getByLabel('Patient’s ZIP code');
      await zip.fill('8219');
      await expect(plannerPage.getByText('A ZIP code has five digits').isVisible()).resolves.toBe(true);
      expect(await zip.getAttribute('aria-invalid')).toBe('true');
      await zip.fill(ZIP);
      await plannerPage.getByText('A ZIP code has five digits').waitFor({ state: 'detached' });
      await plannerPage.getByLabel('Age (years)').fill('130');
      await plannerPage.getByText('Enter an age from 0 to 120 in whole years').waitFor();
      await plannerPage.getByLabel('Age (years)').fill('41');

      // The guide picks the level of care from what the patient needs, and says what it is in ASAM terms.
      await plannerPage.getByLabel('Mild withdrawal; can go home each day').check();
      expect(await plannerPage.getByLabel('Level of care').inputValue()).toBe('detox-outpatient');
      await plannerPage.getByLabel('Withdrawal that needs 24-hour supervision, medically stable').check();
      expect(await plannerPage.getByLabel('Level of care').inputValue()).toBe(LEVEL);
      await plannerPage.getByText(/ASAM 3\.2-WM, 3\.7-WM/).waitFor();
      await plannerPage.getByLabel('Male', { exact: true }).check();
      await plannerPage.getByLabel('Coverage').selectOption('medicaid');

      // What the patient needs treatment for is required: the form says so and sends nothing until one is ticked.
      await plannerPage.getByRole('button', { name: 'Find beds' }).click();
      await plannerPage.getByText('Choose at least one substance the patient needs treatment for').waitFor();
      const alcohol = plannerPage.getByLabel('Alcohol', { exact: true });
      expect(await alcohol.getAttribute('aria-invalid')).toBe('true');
      expect(plannerPage.url()).not.toMatch(/\/planner\/referrals\//);
      await alcohol.check();
      await plannerPage.getByText('Choose at least one substance the patient needs treatment for').waitFor({ state: 'detached' });
      // The medications and the kind of court order are asked for too.
      expect(await plannerPage.getByLabel('Medication to continue').inputValue()).toBe('');
      expect(await plannerPage.getByLabel('Medication to start').inputValue()).toBe('');
      expect(await plannerPage.getByLabel('None', { exact: true }).isChecked()).toBe(true);
      await plannerPage.getByRole('group', { name: 'Court order' }).getByLabel('DUI/DWI').waitFor();
      await expectAccessible(plannerPage);
      await screenshot(plannerPage, '02-planner-referral-form');

      await plannerPage.getByRole('button', { name: 'Find beds' }).click();
      await plannerPage.waitForURL(/\/planner\/referrals\/[0-9a-f-]{36}$/);
      referralId = plannerPage.url().split('/').pop()!;
      await plannerPage.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      const row = plannerPage.getByRole('row').filter({ hasText: facility.name });
      await row.waitFor();
      expect(await row.innerText()).toMatch(/0 mi[\s\S]*3[\s\S]*just now|0 mi[\s\S]*3[\s\S]*min ago/);
      expect(await row.innerText()).toContain('accepts Medicaid');
      expect(await row.innerText()).toContain('no gap before the next level of care');
      await expectAccessible(plannerPage);
      await screenshot(plannerPage, '03-planner-matches');
    },
    90_000,
  );

  it(
    'the planner sends the referral; staff see the held bed, change the count in one click, ' +
      'accept, read consented details only, admit; the planner sees each step without reloading',
    async () => {
      staffPage = await openPage();
      await signIn(staffPage, staff);
      await staffPage.getByRole('heading', { name: `Beds at ${facility.name}` }).waitFor();

      await plannerPage.getByLabel(`Send to ${facility.name}`).check();
      await plannerPage.getByRole('button', { name: 'Send referral to 1 facility' }).click();
      const task = plannerPage.getByRole('row').filter({ hasText: facility.name }).filter({ hasText: 'Sent, bed held' });
      await task.waitFor();

      // The bed board counts the held bed as free (staff count beds, the registry keeps the held one aside).
      await staffPage.reload();
      const line = staffPage.getByRole('group', { name: /Medically supervised detox, residential, general beds/ });
      await line.getByText('1 held for referrals awaiting your answer').waitFor();
      expect(await line.getByRole('status', { name: /^Free:/ }).innerText()).toBe('3');
      await line.getByRole('button', { name: /^One more free/ }).click();
      await staffPage.getByText('Saved; planners see the new count now.').waitFor();
      expect(await line.getByRole('status', { name: /^Free:/ }).innerText()).toBe('4');
      const registry = await api<{ beds: { available: number; held: number }[] }>('GET', `/api/facilities/${facility.id}`);
      expect(registry.body.beds[0]).toMatchObject({ available: 3, held: 1 });

      const item = staffPage.getByRole('listitem').filter({ hasText: 'male, 41' });
      await item.getByText('Sent, bed held').waitFor();
      await screenshot(staffPage, '04-facility-bed-board-and-inbox');
      await item.getByRole('button', { name: 'Accept' }).click();
      await item.getByText('Accepted', { exact: true }).waitFor();

      // Pushed to the planner's open page: no reload, no click.
      await plannerPage.getByRole('row').filter({ hasText: facility.name }).getByText('Accepted', { exact: true }).waitFor();
      await screenshot(plannerPage, '05-planner-accepted-live');

      // Patient details reach the facility only under a consent that names it, and only the consented fields.
      const details = plannerPage.getByRole('form', { name: 'Patient details' });
      await details.getByLabel('Given name').fill('Ada');
      await details.getByLabel('Family name').fill('Quinlan');
      await details.getByLabel('Birth date').fill('1985-03-14');
      await details.getByLabel('Phone (optional)').fill('307-555-0142');
      await details.getByRole('button', { name: 'Save patient details' }).click();
      await plannerPage.getByText('Patient details saved.').waitFor();
      await item.getByRole('button', { name: 'Patient details' }).click();
      await item.getByText('No valid consent covers this facility').waitFor();

      await plannerPage.getByLabel('Patient consents to disclose to').selectOption(facility.id);
      await plannerPage.getByRole('button', { name: 'Record consent' }).click();
      await plannerPage
        .getByRole('listitem')
        .filter({ hasText: `${facility.name}: Name, Birth date, Clinical summary` })
        .waitFor();
      await expectAccessible(plannerPage);
      await screenshot(plannerPage, '06-planner-consent');
      await item.getByRole('button', { name: 'Patient details' }).click();
      const disclosed = item.getByRole('status').filter({ hasText: 'Ada Quinlan' });
      await disclosed.waitFor();
      expect(await disclosed.innerText()).toContain('1985-03-14');
      // The phone number was not in the consent, so the facility does not see it.
      expect(await disclosed.innerText()).not.toContain('307-555-0142');

      await item.getByRole('button', { name: 'Admitted' }).click();
      await item.getByText('Admitted', { exact: true }).waitFor();
      await expectAccessible(staffPage);
      await screenshot(staffPage, '07-facility-admitted');
      await plannerPage.getByRole('row').filter({ hasText: facility.name }).getByText('Admitted', { exact: true }).waitFor();
    },
    90_000,
  );

  it('an admin finds the placement in history, exports it as CSV, and sees it in the figures and the audit log', async () => {
    const page = await openPage();
    await signIn(page, { email: process.env.E2E_ADMIN_EMAIL ?? 'admin@test.example', password: process.env.E2E_ADMIN_PASSWORD ?? '' });
    await page.getByRole('heading', { name: 'Placement history' }).waitFor();
    await page.getByLabel('Facility id').fill(facility.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('heading', { name: '1 referral', exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `${facility.name}: Admitted` });
    await row.waitFor();
    expect(await row.innerText()).toContain('Admitted');
    await expectAccessible(page);
    await screenshot(page, '08-admin-history');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(referralId);
    expect(csv.trim().split('\n')).toHaveLength(2);

    await page.getByRole('link', { name: 'Figures' }).click();
    await page.getByLabel('Facility id').fill(facility.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText(`${facility.name}: 100% of 1`).waitFor();
    await page.getByText(/^To acceptance: median \d/).waitFor();
    // The charts themselves are drawn (SVG bars), not only their summaries.
    await eventually(async () => expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0));
    await expectAccessible(page);
    await screenshot(page, '09-admin-figures');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Referral id').fill(referralId);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The rows shown while the filtered page loads are the unfiltered ones: wait for the answer.
    await page.locator('table[aria-busy="false"]').waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: 'read-patient-details' })
        .filter({ hasNotText: referralId.slice(0, 8) })
        .count(),
    ).toBe(0);
    // The facility's refused read and its consented one are both on record, with the fields disclosed.
    await page.getByRole('row').filter({ hasText: 'read-patient-details' }).filter({ hasText: 'denied' }).waitFor();
    const allowed = page
      .getByRole('row')
      .filter({ hasText: 'read-patient-details' })
      .filter({ hasText: 'allowed' })
      .filter({ hasText: 'facility-staff' });
    await allowed.waitFor();
    expect(await allowed.innerText()).toContain('name, birthDate, clinicalSummary');
    expect(await page.getByRole('row').filter({ hasText: 'record-consent' }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, '10-admin-audit');
  }, 90_000);

  it('facility staff decline with a reason, and must say why when the reason is "other"; the planner sees the reason', async () => {
    const plannerToken = (
      await api<{ accessToken: string }>('POST', '/api/auth/token', { email: planner.email, password: planner.password })
    ).body.accessToken;
    const submitted = await api<{ id: string }>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 25,
        needs: { gender: 'male', ageYears: 35, substances: ['alcohol'] },
      },
      plannerToken,
    );
    await eventually(async () => {
      const referral = await api<{ matches: { facilityId: string }[] }>(
        'GET',
        `/api/referrals/${submitted.body.id}`,
        undefined,
        plannerToken,
      );
      expect(referral.body.matches.map((match) => match.facilityId)).toContain(facility.id);
    });
    expect((await api('POST', `/api/referrals/${submitted.body.id}/tasks`, { facilityIds: [facility.id] }, plannerToken)).status).toBe(201);

    await staffPage.reload();
    const item = staffPage.getByRole('listitem').filter({ hasText: 'male, 35' });
    await item.getByRole('button', { name: 'Decline…' }).click();
    await item.getByLabel('Reason').selectOption('other');
    await item.getByRole('button', { name: 'Decline referral' }).click();
    // "Other" needs a note: the form does not go until there is one.
    expect(await item.locator('textarea').evaluate((element) => (element as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    await item.getByText('Sent, bed held').waitFor();
    await item.getByLabel('Note (required for “other”)').fill('No male beds free until Monday');
    await item.getByRole('button', { name: 'Decline referral' }).click();
    await item.getByText('Declined', { exact: true }).waitFor();

    await plannerPage.goto(`/planner/referrals/${submitted.body.id}`);
    const row = plannerPage.locator('tr[data-status="rejected"]').filter({ hasText: facility.name });
    await row.getByText('Declined', { exact: true }).waitFor();
    expect(await row.innerText()).toContain('other: No male beds free until Monday');
    await expectAccessible(plannerPage);
  }, 90_000);

  it('works by keyboard alone and on a tablet, without sideways scrolling, and reminds staff of counts going stale', async () => {
    const page = await openPage(TABLET);
    await page.goto('/');
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.keyboard.type(planner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(planner.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    // The skip link is the first stop, and it lands on the page's content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');

    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, '11-tablet-planner-form');
    await page.goto(`/planner/referrals/${referralId}`);
    await page.getByRole('heading', { name: 'Sent to' }).waitFor();
    expect(await fits()).toBe(true);
    await screenshot(page, '12-tablet-referral');

    // Six hours without a confirmed count: staff are reminded, and one click confirms it.
    const database = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await database.connect();
    try {
      await database.query(`UPDATE registry.bed_counts SET confirmed_at = now() - interval '6 hours' WHERE facility_id = $1`, [
        facility.id,
      ]);
    } finally {
      await database.end();
    }
    const staffTablet = await openPage(TABLET);
    await signIn(staffTablet, staff);
    await staffTablet.getByRole('heading', { name: 'Referral inbox' }).waitFor();
    await staffTablet.getByText('Counts last confirmed 6 h ago. Please confirm them so planners can trust them.').waitFor();
    expect(await staffTablet.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(staffTablet, '13-tablet-facility-reminder');
    await staffTablet.getByRole('button', { name: 'Confirm all counts unchanged' }).click();
    await staffTablet.getByText(/Counts last confirmed/).waitFor({ state: 'detached' });
    await staffTablet.getByText('confirmed just now').waitFor();
  }, 90_000);
});
