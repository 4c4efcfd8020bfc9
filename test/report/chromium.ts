// Launches Chromium through playwright-core. By default the browser comes from the npm registry
// (@sparticuz/chromium ships a Chromium build inside the package and unpacks it into the OS temp
// folder on first use), so the report's browser test needs nothing but Node and npm.
// HYPERPROP_CHROMIUM points at another Chromium or Chrome binary instead.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
const BASE_ARGS = ['--no-sandbox', '--disable-gpu'];

async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const { default: packaged } = await import('@sparticuz/chromium');
  // --single-process suits one page per Lambda call; here closing a page would end the browser.
  const args = packaged.args.filter((arg) => arg !== '--single-process');
  return { executablePath: await packaged.executablePath(), args: [...args, ...BASE_ARGS] };
}

export async function launchChromium(): Promise<Browser> {
  const override = process.env.HYPERPROP_CHROMIUM;
  if (override !== undefined && override !== '') {
    if (!existsSync(override)) {
      throw new Error(`HYPERPROP_CHROMIUM must name a Chromium or Chrome binary, got no file at ${override}`);
    }
    return chromium.launch({ executablePath: override, args: BASE_ARGS });
  }
  const { executablePath, args } = await packagedChromium();
  return chromium.launch({ executablePath, args });
}
