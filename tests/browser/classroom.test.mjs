// Real-browser test of the classroom page of `wijksim serve`.
//
// Usage: node classroom.test.mjs WIJKSIM SCENARIO [SCREENSHOT.png]
//
// Starts `WIJKSIM serve SCENARIO --port 0`, drives the page in Debian's
// Chromium (/usr/bin/chromium, through playwright-core, which never downloads
// a browser) and checks that it opens with a year of history before the class
// on its charts, draws every value axis by the rule (shares and counts from
// zero, levels on an axis at least a tenth of their value wide), plays, draws,
// moves a lever, marks the change, shows errors, steps, resets (with history
// again), and keeps up at least 10 state updates a second.
// Exits 0 when every check passes, 1 with the reason otherwise; the server and
// the browser are stopped in every case.

import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const OVERALL_TIMEOUT_MS = 90_000;
const SERVER_START_TIMEOUT_MS = 30_000;
const STEP_TIMEOUT_MS = 20_000;
const MEASURE_MS = 3_000;
const MIN_UPDATES = 3;  // in MEASURE_MS: the page is still being fed
const VIEWPORT = { width: 1280, height: 800 };
// The last year of the burn-in, weeks -51 to 0, which the charts open with.
const WEEKS_BEFORE_CLASS = 52;
// Charts read against zero: shares (names ending in _share or coverage) and
// counts of events or people (engine/metrics.def); every other outcome is a
// level, whose axis spans at least this share of the largest value it shows.
const COUNT_OUTCOMES = new Set(["incidents", "sanctions", "burnout_new", "best_persons_active", "vacancies_open"]);
const LEVEL_AXIS_MIN_RELATIVE_SPAN = 0.1;
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

const [wijksimPath, scenarioPath, screenshotArgument] = process.argv.slice(2);
if (!wijksimPath || !scenarioPath) {
  console.error("usage: node classroom.test.mjs WIJKSIM SCENARIO [SCREENSHOT.png]");
  process.exit(2);
}
const screenshotPath = screenshotArgument || join(tmpdir(), `wijksim-classroom-${process.pid}.png`);

const startedAt = Date.now();
let server = null;
let serverOutput = "";
let browser = null;
let passed = 0;
let finishing = false;

class CheckFailed extends Error {}

function fail(message) {
  throw new CheckFailed(message);
}

function ok(message) {
  passed += 1;
  console.log(`ok ${passed} - ${message}`);
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(resolve, 3000, false))]);
  if (!stopped) {
    server.kill("SIGKILL");
    await exited;
  }
}

async function finish(code, message) {
  if (finishing) return;
  finishing = true;
  if (message) console.error(`FAILED: ${message}`);
  try {
    if (browser) await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  } catch (closeProblem) {
    console.error(`(closing the browser: ${closeProblem.message})`);
  }
  await stopServer();
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`classroom: ${passed} passed, ${code === 0 ? 0 : 1} failed (${seconds} s)`);
  process.exit(code);
}

setTimeout(() => finish(1, `the whole test took longer than ${OVERALL_TIMEOUT_MS / 1000} s`), OVERALL_TIMEOUT_MS).unref();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => finish(1, `stopped by ${signal}`));

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(wijksimPath, ["serve", scenarioPath, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    const timer = setTimeout(() => reject(new CheckFailed(
      `the server printed no address within ${SERVER_START_TIMEOUT_MS / 1000} s; its stderr:\n${serverOutput}`)), SERVER_START_TIMEOUT_MS);
    server.on("error", (problem) => {
      clearTimeout(timer);
      reject(new CheckFailed(`cannot start ${wijksimPath}: ${problem.message}`));
    });
    server.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new CheckFailed(`the server exited (${signal || `code ${code}`}) before it served; its stderr:\n${serverOutput}`));
    });
    server.stderr.setEncoding("utf8");
    server.stderr.on("data", (chunk) => {
      serverOutput += chunk;
      const match = serverOutput.match(/^wijksim: serving \S+ at (http:\/\/\S+\/) \(Ctrl-C to stop\)$/m);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

async function waitFor(page, description, predicate, argument) {
  try {
    await page.waitForFunction(predicate, argument, { timeout: STEP_TIMEOUT_MS, polling: 50 });
  } catch (problem) {
    fail(`${description}: not seen within ${STEP_TIMEOUT_MS / 1000} s`);
  }
}

const readWeek = (page) => page.evaluate(() => Number(document.getElementById("week").textContent));

// Distinct colours in a sample of a canvas's pixels: a blank or single-colour
// canvas has one or two.
function distinctCanvasColours(page, selector) {
  return page.evaluate((canvasSelector) => {
    const canvas = document.querySelector(canvasSelector);
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set();
    for (let index = 0; index < data.length; index += 4 * 7) {
      colours.add((data[index] << 24) | (data[index + 1] << 16) | (data[index + 2] << 8) | data[index + 3]);
    }
    return colours.size;
  }, selector);
}

const startsAtZero = (name) => /(_share|coverage)$/.test(name) || COUNT_OUTCOMES.has(name);

async function fetchJson(address, path) {
  return (await fetch(new URL(path, address))).json();
}

// Waits until the page draws exactly the weeks of `history`, the server's
// every week, which starts with the year before the class.
async function waitForHistoryDrawn(page, history, when) {
  const beforeClass = history.filter((row) => row.week <= 0).length;
  if (beforeClass < WEEKS_BEFORE_CLASS) fail(`${when}: the server keeps ${beforeClass} weeks before the class, not ${WEEKS_BEFORE_CLASS}`);
  await waitFor(page, `${when}: charts with the ${history.length} weeks of the server's history, ${beforeClass} before the class`,
    ([points, weeksBeforeClass, firstWeek]) => {
      const charts = document.getElementById("charts").dataset;
      return Number(charts.points) === points && Number(charts.weeksBeforeClass) === weeksBeforeClass
        && Number(charts.firstWeek) <= firstWeek;
    }, [history.length, beforeClass, history[0].week]);
  const colours = await distinctCanvasColours(page, "#charts canvas");
  if (colours < 4) fail(`${when}: the first chart has only ${colours} distinct colours: no line drawn`);
  return beforeClass;
}

// Checks every chart's value axis against the values it shows: each value on
// the axis, shares and counts from zero, a level's axis at least
// LEVEL_AXIS_MIN_RELATIVE_SPAN of its largest value wide.
async function checkAxes(page, world, history, when) {
  const axes = await page.evaluate(() => [...document.querySelectorAll("#charts canvas")].map((canvas) => ({
    outcome: canvas.dataset.outcome, low: Number(canvas.dataset.axisLow), high: Number(canvas.dataset.axisHigh),
  })));
  const described = [];
  for (const outcome of world.outcomes) {
    const { name } = outcome;
    const fromZero = startsAtZero(name);
    if ((outcome.kind === "share" || outcome.kind === "count") !== fromZero) fail(`${name} is a ${outcome.kind} by /api/world`);
    const axis = axes.find((candidate) => candidate.outcome === name);
    if (!axis || !Number.isFinite(axis.low) || !Number.isFinite(axis.high)) fail(`${when}: no value axis for ${name}`);
    const values = history.map((row) => row[name]).filter((value) => typeof value === "number").map((value) => value * (outcome.scale || 1));
    if (!values.length) continue;
    const lowest = Math.min(...values);
    const highest = Math.max(...values);
    const tolerance = 1e-9 * Math.max(1, Math.abs(lowest), Math.abs(highest));
    if (axis.low > lowest + tolerance || axis.high < highest - tolerance) {
      fail(`${when}: ${name}'s axis ${axis.low} to ${axis.high} leaves out values from ${lowest} to ${highest}`);
    }
    if (fromZero) {
      if (axis.low !== 0) fail(`${when}: ${name} is a ${outcome.kind}, but its axis starts at ${axis.low}, not 0`);
    } else {
      const largest = Math.max(...values.map(Math.abs));
      const span = axis.high - axis.low;
      if (span < LEVEL_AXIS_MIN_RELATIVE_SPAN * largest - tolerance) {
        fail(`${when}: ${name}'s axis spans ${span} (${axis.low} to ${axis.high}), less than a tenth of its value ${largest}`);
      }
    }
    described.push(`${name} ${fromZero ? "from 0" : "level"} ${axis.low}-${axis.high}`);
  }
  return described;
}

async function waitForStableWeek(page) {
  let previous = await readWeek(page);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    await page.waitForTimeout(300);
    const now = await readWeek(page);
    if (now === previous) return now;
    previous = now;
  }
  fail("the week kept changing after pause");
}

async function run() {
  const address = await startServer();
  ok(`server started: ${address}`);
  const world = await (await fetch(new URL("api/world", address))).json();

  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, timeout: STEP_TIMEOUT_MS });
  const page = await browser.newPage({ viewport: VIEWPORT });
  const pageErrors = [];
  page.on("pageerror", (problem) => pageErrors.push(problem.message));
  const outsideRequests = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(address) && !request.url().startsWith("data:")) outsideRequests.push(request.url());
  });

  await page.goto(address, { timeout: STEP_TIMEOUT_MS });
  await waitFor(page, "a week number in #week", () => /^\d+$/.test(document.getElementById("week").textContent));
  await waitFor(page, "one chart per outcome", (count) => document.querySelectorAll("#charts canvas").length === count, world.outcomes.length);
  await waitFor(page, "the backing slider", () => document.querySelector('input[data-key="bending.backing"]') !== null);
  ok(`page loaded: ${world.households} households in ${world.neighbourhoods.length} neighbourhoods, ${world.outcomes.length} charts, levers built`);

  // The model waits, paused at week 0, so the server's history is what the page must show.
  const opened = await fetchJson(address, "api/state");
  if (opened.week !== 0 || opened.running) fail(`the model opened at week ${opened.week}, running ${opened.running}, not paused at week 0`);
  const weeksBeforeClass = await waitForHistoryDrawn(page, opened.history, "on opening");
  ok(`the page opens on ${weeksBeforeClass} weeks before the class (weeks ${opened.history[0].week} to 0), lines drawn`);
  const openingAxes = await checkAxes(page, world, opened.history, "on opening");
  ok(`value axes: ${openingAxes.join(", ")}`);

  const firstWeek = await readWeek(page);
  await page.click("#play");
  await waitFor(page, "#week advanced by 5 after play", (start) => Number(document.getElementById("week").textContent) >= start + 5, firstWeek);
  await waitFor(page, "the charts drew 5 weeks of the class", (before) => Number(document.getElementById("charts").dataset.points) >= before + 5, weeksBeforeClass);
  const chartColours = await distinctCanvasColours(page, "#charts canvas");
  if (chartColours < 4) fail(`the first chart has only ${chartColours} distinct colours: no line drawn`);
  ok(`playing: week ${firstWeek} -> ${await readWeek(page)}, charts drew ${await page.evaluate(() => document.getElementById("charts").dataset.points)} weeks (${chartColours} colours on the first chart)`);

  const slider = page.locator('input[data-key="bending.backing"]');
  const leverReply = page.waitForResponse((response) => response.url().endsWith("/api/levers") && response.request().method() === "POST", { timeout: STEP_TIMEOUT_MS });
  await slider.fill("0");
  const leverResponse = await leverReply;
  if (leverResponse.status() !== 200) fail(`POST /api/levers answered ${leverResponse.status()}: ${await leverResponse.text()}`);
  const posted = leverResponse.request().postDataJSON();
  if (posted["bending.backing"] !== 0) fail(`the page posted ${JSON.stringify(posted)}, not backing 0`);
  await waitFor(page, "a change marker on every chart", () => Number(document.getElementById("charts").dataset.markers) >= 1);
  const changeText = await page.locator("#changes").innerText();
  if (!/backing/.test(changeText)) fail(`the list of changes does not name backing: ${JSON.stringify(changeText)}`);
  ok(`backing slider moved to 0: posted ${JSON.stringify(posted)}, marker drawn (${changeText.trim().split("\n").pop()})`);

  await page.screenshot({ path: screenshotPath });
  const screenshotBytes = statSync(screenshotPath).size;
  const mapColours = await distinctCanvasColours(page, "#map");
  if (mapColours < 8) fail(`the map has only ${mapColours} distinct colours: blank`);
  if (screenshotBytes < 20_000) fail(`the screenshot ${screenshotPath} is only ${screenshotBytes} bytes: blank`);
  ok(`screenshot ${screenshotPath} (${screenshotBytes} bytes), map with ${mapColours} distinct colours`);

  const speedReply = page.waitForResponse((response) => response.url().endsWith("/api/control"), { timeout: STEP_TIMEOUT_MS });
  await page.selectOption("#speed", "0");
  await speedReply;
  await waitFor(page, "running as fast as possible", () => document.getElementById("run-state").textContent.includes("as fast as possible"));
  let stateResponses = 0;
  const countState = (response) => {
    if (response.url().includes("/api/state") && response.status() === 200) stateResponses += 1;
  };
  const weekBefore = await readWeek(page);
  const measureStart = Date.now();
  page.on("response", countState);
  await page.waitForTimeout(MEASURE_MS);
  page.off("response", countState);
  const seconds = (Date.now() - measureStart) / 1000;
  const weekAfter = await readWeek(page);
  const framesPerSecond = stateResponses / seconds;
  const weeksPerSecond = (weekAfter - weekBefore) / seconds;
  console.log(`frames per second: ${framesPerSecond.toFixed(1)}, weeks per second: ${weeksPerSecond.toFixed(1)}`);
  // The rate is measured and reported (docs/PERFORMANCE.md), not asserted: a
  // busy test machine must not fail the suite. What must hold is that the
  // page keeps getting updates while the model runs flat out, and that the
  // week moved on.
  if (stateResponses < MIN_UPDATES) fail(`only ${stateResponses} state updates in ${seconds.toFixed(1)} s at full speed`);
  if (weekAfter <= weekBefore) fail(`the week did not advance at full speed (${weekBefore} -> ${weekAfter})`);
  ok(`${stateResponses} state updates in ${seconds.toFixed(1)} s at full speed`);

  // A value the server refuses: the page must show the server's own message and keep the old value.
  await slider.evaluate((input) => { input.max = "2"; });
  const refusedReply = page.waitForResponse((response) => response.url().endsWith("/api/levers"), { timeout: STEP_TIMEOUT_MS });
  await slider.fill("2");
  const refused = await refusedReply;
  const refusal = (await refused.json()).error;
  if (refused.status() !== 400) fail(`backing 2 was answered with ${refused.status()}, not 400`);
  await waitFor(page, "the server's error message on the page", (message) => {
    const box = document.getElementById("lever-error");
    return !box.hidden && box.textContent.includes(message);
  }, refusal);
  await slider.evaluate((input) => { input.max = "1"; });
  const sliderValue = await slider.inputValue();
  if (Number(sliderValue) !== 0) fail(`after the refusal the backing slider shows ${sliderValue}, not the server's 0`);
  ok(`a refused value shows the server's message: "${refusal}"`);

  const mapBox = await page.locator("#map").boundingBox();
  let helperTip = "";
  for (let y = 0; y < mapBox.height && !helperTip; y += 5) {
    await page.mouse.move(mapBox.x + 7, mapBox.y + y);
    const tip = await page.locator("#tooltip").evaluate((box) => (box.hidden ? "" : box.innerText));
    if (/exhaustion/.test(tip)) helperTip = tip;
  }
  if (!helperTip) fail("no helper tooltip anywhere down the map's first mark column");
  await page.mouse.move(mapBox.x + 2, mapBox.y + 20);
  await waitFor(page, "a household tooltip", () => /problem load/.test(document.getElementById("tooltip").innerText));
  ok(`tooltips: ${helperTip.replace(/\n/g, "; ")}`);
  await page.mouse.move(0, 0);

  await page.click("#pause");
  await waitFor(page, "the paused state", () => document.getElementById("run-state").dataset.state === "paused");
  const pausedWeek = await waitForStableWeek(page);
  await page.click("#step");
  await waitFor(page, "one more week after #step", (week) => Number(document.getElementById("week").textContent) === week + 1, pausedWeek);
  await page.waitForTimeout(500);
  if ((await readWeek(page)) !== pausedWeek + 1) fail(`one week went from ${pausedWeek} to ${await readWeek(page)}`);
  ok(`paused at week ${pausedWeek}; one week -> ${pausedWeek + 1}`);

  await page.fill("#seed", "7");
  await page.click("#reset");
  await waitFor(page, "a new run at week 0 with seed 7", () => document.getElementById("week").textContent === "0"
    && document.getElementById("scenario-name").textContent.includes("seed 7"));
  const reopened = await fetchJson(address, "api/state");
  if (reopened.run === opened.run || reopened.week !== 0) fail(`after the reset the server is at run ${reopened.run}, week ${reopened.week}`);
  if (JSON.stringify(reopened.history) === JSON.stringify(opened.history)) fail(`seed 7 has the same history as seed ${world.seed}`);
  await waitForHistoryDrawn(page, reopened.history, "after the reset");
  await waitFor(page, "no change markers after the reset", () => document.getElementById("charts").dataset.markers === "0");
  await checkAxes(page, world, reopened.history, "after the reset");
  const scenarioLevers = await (await fetch(new URL("api/levers", address))).json();
  const scenarioBacking = scenarioLevers.find((lever) => lever.key === "bending.backing").value;
  // A range input snaps to its step, so the scenario's value is matched to within half a step.
  await waitFor(page, `the backing slider back at the scenario's ${scenarioBacking}`, (value) => {
    const input = document.querySelector('input[data-key="bending.backing"]');
    return Math.abs(Number(input.value) - value) <= Number(input.step) / 2 + 1e-9;
  }, scenarioBacking);
  const backingAfterReset = Number(await slider.inputValue());
  ok(`reset with seed 7: week 0, charts afresh with seed 7's ${reopened.history.length} weeks before the class, no markers, backing back to ${backingAfterReset}`);

  // The three guided experiments: each button sets its lever on the server
  // (checked there, not in the page) and the model runs.
  const experiments = [
    ["bending.backing", 0],
    ["recruitment.recruit_channel", "scouts"],
    ["institutions.protocol_source", "foreign"],
  ];
  const buttons = await page.$$(".experiment-button");
  if (buttons.length !== experiments.length) fail(`${buttons.length} guided experiments on the page, not ${experiments.length}`);
  for (const [index, [key, value]] of experiments.entries()) {
    const leverReply = page.waitForResponse((response) => response.url().endsWith("/api/levers") && response.request().method() === "POST", { timeout: STEP_TIMEOUT_MS });
    await buttons[index].click();
    if ((await leverReply).status() !== 200) fail(`guided experiment ${index + 1}: the server refused it`);
    const lever = (await (await fetch(new URL("api/levers", address))).json()).find((l) => l.key === key);
    if (lever.value !== value) fail(`guided experiment ${index + 1}: ${key} is ${lever.value}, not ${value}`);
  }
  await waitFor(page, "running after the experiments", () => document.getElementById("run-state").dataset.state === "running");
  ok("guided experiments: backing 0, scouts, a foreign protocol, set on the server, model running");

  await page.click("#tab-model");
  await waitFor(page, "the model explained, rendered", () => {
    const panel = document.getElementById("panel-model");
    return !panel.hidden && [...panel.querySelectorAll("h2")].some((heading) => /WHAT IS IT/.test(heading.textContent))
      && panel.querySelectorAll("li").length > 5;
  });
  ok("model info rendered from /model-info.md");

  if (pageErrors.length) fail(`script errors on the page: ${pageErrors.join(" | ")}`);
  if (outsideRequests.length) fail(`the page asked for something outside the server: ${outsideRequests.join(", ")}`);
  ok("no script errors, no request outside the server");
}

try {
  await run();
  await finish(0);
} catch (problem) {
  await finish(1, problem instanceof CheckFailed ? problem.message : problem.stack || String(problem));
}
