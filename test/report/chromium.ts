// Launches the system's Chromium (Debian's package) through playwright-core. The path comes from
// HYPERPROP_CHROMIUM, else /usr/bin/chromium. A missing browser fails the test with the fix,
// never skips it: the report's browser test is the only check that the charts really draw.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HYPERPROP_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium must be installed for the report's browser test, got no file at ${CHROMIUM_PATH}. ` +
        'Install it (Debian/Ubuntu: `apt-get install -y chromium`) or point HYPERPROP_CHROMIUM at a Chromium or Chrome binary.',
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
}
