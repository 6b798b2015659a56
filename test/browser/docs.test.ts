import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchPage } from '../support/browser.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the API reference, in a real browser', () => {
  it('renders every operation from /openapi.json, loading nothing from anywhere else and breaking no policy', {
    timeout: 60_000,
  }, async () => {
    const page = await browser.newPage();
    const { elsewhere, complaints } = watchPage(page, api.url);
    const answer = await page.goto(`${api.url}/docs`, { waitUntil: 'networkidle0' });
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    // Run in the page (as text: the tests' types have no DOM).
    await page.waitForFunction("document.body.innerText.includes('Signed documents')", { timeout: 30_000 });
    const text = (await page.evaluate('document.body.innerText')) as string;
    const openapi = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary: string }>>;
    };
    const summaries = Object.values(openapi.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.summary),
    );
    expect(summaries.length).toBeGreaterThan(30);
    expect(summaries.filter((summary) => !text.includes(summary))).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(complaints).toEqual([]);
  });
});
