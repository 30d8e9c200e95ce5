// Loads the service's /docs in headless Chromium with every request to another host aborted,
// and prints what it found as JSON: operations listed, the Authorize button, blocked requests.
// Usage: node docs_check.mjs http://127.0.0.1:PORT/docs screenshot.png
import { chromium } from "playwright-core";

const [url, shot] = process.argv.slice(2);
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const blocked = [];
const failed = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  await page.route("**/*", (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith("data:")) return route.continue();
    blocked.push(target);
    return route.abort();
  });
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector(".opblock", { timeout: 15000 });
  const operations = await page.$$eval(".opblock-summary-path", (els) =>
    els.map((e) => e.getAttribute("data-path") || e.textContent.trim()));
  const authorize = await page.$(".btn.authorize") !== null;
  await page.screenshot({ path: shot, fullPage: false });
  console.log(JSON.stringify({ operations, authorize, blocked, failed }));
} finally {
  await browser.close();
}
