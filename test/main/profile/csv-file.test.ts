import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvVariables } from '../../../src-main/profile/csv-file.js';

let dir: string;
const spec = { file: 'subscribers.csv', keyColumn: 'imei' as const, columns: ['pin'] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-csv-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('loadCsvVariables', () => {
  it('reads the file next to the profile', async () => {
    await writeFile(join(dir, 'subscribers.csv'), 'imei,pin\n356938035643809,1234\n');
    const table = await loadCsvVariables(join(dir, 'line.yaml'), spec);
    expect(table.row('35-693803-564380-9')).toEqual({ imei: '356938035643809', pin: '1234' });
  });

  it('names file:line for a bad file and refuses a missing one', async () => {
    await writeFile(join(dir, 'bad.csv'), 'imei,pin\n1,2\n1,3\n');
    await expect(loadCsvVariables(join(dir, 'line.yaml'), { ...spec, file: 'bad.csv' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('bad.csv:3: duplicate imei 1') as string });
    await expect(loadCsvVariables(join(dir, 'line.yaml'), { ...spec, file: 'none.csv' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
