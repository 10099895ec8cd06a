import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Debian's LibreOffice (`apt-get install -y libreoffice-calc-nogui`), as .ci/run installs it. */
export const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';

/**
 * Opens `xlsx` in LibreOffice Calc and saves it again as .xlsx (`soffice --headless --convert-to xlsx`), as a
 * clerk who fills in the template in Calc does: the bytes returned are LibreOffice's, not exceljs's.
 */
export function resaveWithLibreOffice(xlsx: Buffer): Buffer {
  if (!fs.existsSync(SOFFICE))
    throw new Error(`LibreOffice is not installed at ${SOFFICE}: run "apt-get install -y libreoffice-calc-nogui".`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-lo-'));
  try {
    fs.mkdirSync(path.join(dir, 'in'));
    fs.writeFileSync(path.join(dir, 'in', 'template.xlsx'), xlsx);
    // Its own profile directory, so runs in parallel do not share (and lock) one.
    execFileSync(
      SOFFICE,
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        '--outdir',
        path.join(dir, 'out'),
        path.join(dir, 'in', 'template.xlsx'),
      ],
      { stdio: 'pipe', timeout: 120_000, env: { ...process.env, HOME: dir } },
    );
    return fs.readFileSync(path.join(dir, 'out', 'template.xlsx'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
