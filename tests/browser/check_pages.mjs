// Opens each share page in Debian's chromium (driven by playwright-core: no browser download)
// at phone and desktop widths and reports what it saw as JSON on stdout; the pytest side
// (test_share_pages.py) asserts on it. Every request to a non-loopback host is aborted and
// reported; axe-core is injected from node_modules; screenshots go to the artefacts folder.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

function loopback(url) {
  const u = new URL(url);
  if (u.protocol === "data:" || u.protocol === "about:") return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
}

async function chartValues(page) {
  return page.evaluate(() => {
    const out = {};
    for (const svg of document.querySelectorAll("svg[data-chart]")) {
      const key = svg.getAttribute("data-chart");
      out[key] = {
        weeks: [...svg.querySelectorAll("g.week")].map((g) => ({
          week: Number(g.dataset.week),
          value: g.dataset.value === "" ? null : Number(g.dataset.value),
          deload: g.dataset.deload === "true",
          label: g.querySelector("text.val")?.textContent ?? null,
          barHeight: Number(g.querySelector("rect")?.getAttribute("height") ?? 0),
        })),
        phases: [...svg.querySelectorAll("g[data-phase]")].map((g) => ({
          phase: g.dataset.phase, first: Number(g.dataset.firstWeek),
          last: Number(g.dataset.lastWeek) })),
        deloadMarks: [...svg.querySelectorAll("[data-deload-week]")].map(
          (m) => Number(m.dataset.deloadWeek)),
        race: svg.querySelector("[data-race]") !== null,
      };
    }
    return out;
  });
}

async function visit(browser, target, width) {
  const context = await browser.newContext({
    viewport: { width, height: width < 500 ? 740 : 900 },
    isMobile: width < 500, hasTouch: width < 500, deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const seen = { console: [], external: [], failed: [] };
  page.on("console", (m) => { if (m.type() === "error") seen.console.push(m.text()); });
  page.on("pageerror", (e) => seen.console.push(String(e)));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (loopback(url)) return route.continue();
    seen.external.push(url);
    return route.abort();
  });
  page.on("requestfailed", (r) => { if (loopback(r.url())) seen.failed.push(r.url()); });
  const response = await page.goto(target.url, { waitUntil: "load" });
  const name = `${target.name}-${width}`;
  await page.screenshot({ path: join(config.artifacts, `${name}.png`), fullPage: true });
  if (target.viewportShot) {
    await page.screenshot({ path: join(config.artifacts, `${name}-viewport.png`) });
  }
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scripts: document.scripts.length,
    h1: document.querySelector("h1")?.textContent ?? null,
    lang: document.documentElement.lang,
    smallestFont: Math.min(...[...document.querySelectorAll("main p, main td, main th, main li")]
      .filter((e) => e.offsetParent !== null)
      .map((e) => parseFloat(getComputedStyle(e).fontSize))),
  }));
  const charts = await chartValues(page);
  // Open every week so axe checks their content too (a closed <details> is skipped).
  const opened = await page.evaluate(() => {
    const all = [...document.querySelectorAll("details")];
    all.forEach((d) => { d.open = true; });
    return all.length;
  });
  if (opened) {
    await page.locator("details").first().screenshot({ path: join(config.artifacts,
      `${name}-week-1-open.png`) });
  }
  // axe runs through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  // Back to how a reader finds the page (weeks closed) before judging print.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => {
    d.open = false;
  }));
  let print = null;
  if (target.checkPrint) {
    await page.emulateMedia({ media: "print" });
    // How much each closed week shows beyond its summary line, and whether its day table is
    // rendered at all (checkVisibility is false inside a closed <details>).
    print = await page.evaluate(() => [...document.querySelectorAll("details.week")].map((d) => ({
      extra: d.getBoundingClientRect().height - d.querySelector("summary").getBoundingClientRect().height,
      visible: d.querySelector("table.days").checkVisibility(),
    })));
    await page.locator("#week-1").screenshot({ path: join(config.artifacts,
      `${target.name}-print-week-1.png`) });
    await page.pdf({ path: join(config.artifacts, `${target.name}.pdf`), format: "A4" });
  }
  await context.close();
  return { name, width, status: response.status(), ...seen, layout, charts, axe, print };
}

const browser = await chromium.launch({ executablePath: config.chromium, headless: true,
  args: FLAGS });
const results = [];
try {
  for (const target of config.pages) {
    for (const width of config.widths) results.push(await visit(browser, target, width));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
