// The exports that JavaScript tools read, checked with those tools (run by
// tests/it/readers.rs, with NODE_PATH pointing at the modules .ci/run installs):
//
// - Cytoscape.js (npm `cytoscape`, headless in Node) loads each .cyjs file's elements;
// - Mermaid (npm `mermaid`, in Chromium) draws each .mmd file, and refuses a flowchart one
//   edge past the limit kgforge keeps to;
// - the HTML explorer, in Chromium driven by playwright-core: it loads without console
//   errors, search finds "Boli" (Khabarovsk's alias), clicking *Japanese prisoners of war*
//   shows the death figures with their sources, the rank and date filters work, and a page
//   of 10,000 entities loads and searches.
//
// Usage: node check.cjs DIR, where DIR holds the files named below; screenshots are written
// there. Prints one line per check and "N passed, N failed"; exits 1 on any failure.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const dir = path.resolve(process.argv[2] || ".");
const chromiumPath = process.env.KGFORGE_CHROMIUM || "/usr/bin/chromium";
let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log("ok   " + name);
  } else {
    failed++;
    console.log("FAIL " + name + (detail ? ": " + detail : ""));
  }
}
const file = (name) => path.join(dir, name);

function cytoscapeChecks() {
  const cytoscape = require("cytoscape");
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".cyjs")).sort()) {
    const doc = JSON.parse(fs.readFileSync(file(name), "utf8"));
    const expect = JSON.parse(fs.readFileSync(file(name + ".expect"), "utf8"));
    let cy;
    try {
      cy = cytoscape({ headless: true, elements: doc.elements });
    } catch (e) {
      check("cytoscape loads " + name, false, e.message);
      continue;
    }
    check(
      "cytoscape loads " + name + " (" + cy.nodes().length + " nodes, " + cy.edges().length + " edges)",
      cy.nodes().length === expect.nodes && cy.edges().length === expect.edges,
      "expected " + JSON.stringify(expect)
    );
    const first = cy.edges()[0];
    check(
      "cytoscape edges of " + name + " join their nodes",
      !first || (first.source().id() === first.data("source") && first.target().nonempty())
    );
  }
}

async function browserChecks() {
  const { chromium } = require("playwright-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kgforge-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1600, height: 1000 },
  });
  try {
    await mermaidChecks(context);
    await explorerChecks(context);
    await bigExplorerChecks(context);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function mermaidChecks(context) {
  const page = await context.newPage();
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false }));
  const render = (text) =>
    page.evaluate(async (t) => {
      try {
        const { svg } = await window.mermaid.render("m" + Math.random().toString(36).slice(2), t);
        return { svg };
      } catch (e) {
        return { error: String(e && e.message ? e.message : e) };
      }
    }, text);
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".mmd")).sort()) {
    const text = fs.readFileSync(file(name), "utf8");
    const expect = JSON.parse(fs.readFileSync(file(name + ".expect"), "utf8"));
    const out = await render(text);
    if (out.error) {
      check("mermaid draws " + name, false, out.error);
      continue;
    }
    const labels = (out.svg.match(/class="[^"]*\bnode\b/g) || []).length;
    const edges = (out.svg.match(/<path[^>]*data-edge="true"/g) || []).length;
    check(
      "mermaid draws " + name + " (" + labels + " nodes, " + edges + " edges)",
      labels === expect.nodes && edges === expect.edges,
      "expected " + JSON.stringify(expect)
    );
  }
  // The limit kgforge keeps to is Mermaid's: 500 edges draw, 501 do not.
  const chain = (n) => "flowchart LR\n" + Array.from({ length: n }, (_, i) => `  a${i} --> a${i + 1}`).join("\n");
  const at = await render(chain(500));
  const past = await render(chain(501));
  check("mermaid draws 500 edges", !at.error, at.error);
  check("mermaid refuses 501 edges", /Edge limit exceeded/.test(past.error || ""), past.error || "drawn");
  await page.close();
}

/** Opens a page, collecting console errors and uncaught exceptions. */
async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  return { page, errors, ms: Date.now() - started };
}

async function explorerChecks(context) {
  const { page, errors } = await open(context, "file://" + file("explorer.html"));
  await page.screenshot({ path: file("explorer-start.png") });
  await page.fill("#search", "Boli");
  const boli = await page.waitForSelector('#results li[data-entity="khabarovsk"]', { timeout: 5000 }).catch(() => null);
  check("search finds Boli (Khabarovsk's alias)", boli !== null);
  if (boli) check("the result shows the alias matched", (await boli.innerText()).includes("Boli"));
  await page.screenshot({ path: file("explorer-search-boli.png") });

  await page.fill("#search", "Japanese prisoners of war");
  await page.click('#results li[data-entity="japanese_pows"]');
  const heading = await page.textContent("#panel h2");
  check("clicking the prisoners opens their panel", heading === "Japanese prisoners of war in the Soviet Union", heading);
  const deaths = page.locator('#facts li[data-predicate="number_died"]');
  const deathsText = (await deaths.count()) ? await deaths.innerText() : "";
  check("the panel shows the death figures", /55,000/.test(deathsText) && /number who died in captivity/.test(deathsText), deathsText.slice(0, 200));
  check(
    "each death figure has its sources",
    (await page.locator('#facts li[data-predicate="number_died"] li[data-statement]').count()) > 3 &&
      /Ministry of Health, Labour and Welfare|厚生労働省|mhlw-2009/.test(deathsText),
    deathsText.slice(0, 300)
  );
  await deaths.scrollIntoViewIfNeeded().catch(() => {});
  check("the drawing shows the prisoners' neighbourhood", /Within 1 of Japanese prisoners/.test(await page.textContent("#graph .status")));
  await page.screenshot({ path: file("explorer-prisoners.png") });

  // Rank filter: deprecated figures appear only when asked.
  const count = () => page.locator('#facts li[data-statement]').count();
  const before = await count();
  await page.check('input[name=rank][value="deprecated"]');
  const withDeprecated = await count();
  check("the rank filter shows deprecated figures when asked", withDeprecated > before, before + " → " + withDeprecated);
  await page.uncheck('input[name=rank][value="deprecated"]');
  // Date filter: statements dated away from 1950 drop out.
  // (Tab: the input commits its value, a "change" event, as it loses focus.)
  await page.fill("#asof", "1950");
  await page.press("#asof", "Tab");
  const dated = await count();
  check("the date filter hides figures that do not hold then", dated < before, before + " → " + dated);
  await page.fill("#asof", "");
  await page.press("#asof", "Tab");

  // A relation opens its statement, with sources.
  await page.click('#relations a.statement >> nth=0');
  check("a relation opens its statement", (await page.locator("#panel h2[data-statement]").count()) === 1);
  check("the statement panel lists sources", (await page.locator("#panel ul.sources li").count()) > 0);
  await page.screenshot({ path: file("explorer-statement.png") });
  check("the explorer logs no console error", errors.length === 0, errors.join(" | "));
  await page.close();
}

async function bigExplorerChecks(context) {
  if (!fs.existsSync(file("big.html"))) return;
  const { page, errors, ms } = await open(context, "file://" + file("big.html"));
  console.log("     the 10,000-entity explorer was ready in " + ms + " ms");
  const status = await page.textContent("#graph .status");
  check("the big explorer draws a neighbourhood, not everything", /^Within 1 of /.test(status), status);
  await page.fill("#search", "Army 9999");
  const hit = await page.waitForSelector('#results li[data-entity="e9999"]', { timeout: 10000 }).catch(() => null);
  check("search finds one of 10,000 entities", hit !== null);
  if (hit) {
    await hit.click();
    check("its panel opens", (await page.textContent("#panel h2")) === 'Army 9999, "the 9999th"');
  }
  await page.screenshot({ path: file("explorer-10k.png") });
  check("the big explorer logs no console error", errors.length === 0, errors.join(" | "));
  await page.close();
}

(async () => {
  try {
    cytoscapeChecks();
    await browserChecks();
  } catch (e) {
    check("the checks ran", false, e && e.stack ? e.stack : String(e));
  }
  console.log(passed + " passed, " + failed + " failed");
  process.exit(failed ? 1 : 0);
})();
