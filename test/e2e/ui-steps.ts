import { expect, type Page } from '@playwright/test';

/** Creates the station CA from the Certificates view (the view must be open) and waits until it is unlocked. */
export async function createStationCa(page: Page): Promise<void> {
  const create = page.getByRole('form', { name: 'Create the station CA' });
  await create.getByLabel('Passphrase', { exact: true }).fill('e2e station passphrase');
  await create.getByLabel('Repeat passphrase').fill('e2e station passphrase');
  await create.getByRole('button', { name: 'Create CA' }).click();
  await expect(page.getByText('Active, unlocked for this session')).toBeVisible({ timeout: 15_000 });
}
