// The classroom page of `wijksim serve`: draws the model it polls from the
// HTTP interface described in docs/serve-api.md. Plain script, no build step.
"use strict";

(() => {
  // Start-to-start period of the state polls: a little faster than 10 a second,
  // so that one slow answer does not drop the rate below 10.
  const POLL_PERIOD_MS = 80;
  const OFFLINE_RETRY_MS = 1000;
  const TICKER_LIMIT = 100;
  // Weeks of history the charts keep; older weeks are dropped so that a class
  // that lets the model run all lesson does not slow the page down.
  const HISTORY_LIMIT_WEEKS = 5200;
  const SMOOTHING_WEEKS = 8;
  // The charts leave room for at least a year of the class's weeks, so that
  // the first weeks are not stretched across the chart.
  const MIN_CHART_SPAN_WEEKS = 52;
  // Week 0 is the end of the burn-in: weeks up to it happened before the
  // class could move a lever, and their stretch of chart is shaded.
  const LAST_WEEK_BEFORE_CLASS = 0;
  // A level (a mean, such as trust) is drawn on an axis that spans at least
  // this share of its value, so that week-to-week noise does not fill the
  // chart and look like a trend. Shares and counts start at zero instead.
  const LEVEL_AXIS_MIN_RELATIVE_SPAN = 0.1;

  const BLOCK_GAP = 14;
  const BLOCK_LABEL_HEIGHT = 17;
  const STRIP_GAP = 4;
  // Helper marks shrink from the first spacing to the last when a world has many helpers.
  const MARK_SPACINGS = [15, 12, 10];
  const MARK_RADIUS = 4.5;
  const MAX_CELL = 14;
  const MIN_CELL = 2;

  // Problem loads cluster well below 50 %, so the colour runs along the square
  // root of the load: differences among the common low loads stay visible.
  const LOAD_COLOUR_STOPS = [
    [0.0, [255, 248, 220]], [0.25, [253, 224, 138]], [0.4, [253, 174, 79]],
    [0.55, [244, 109, 44]], [0.7, [215, 48, 31]], [0.85, [165, 15, 21]], [1.0, [92, 0, 16]],
  ];
  const LOAD_LEGEND_TICKS = [0, 5, 10, 25, 50, 75, 100];
  const HELPER_STYLES = [
    { shape: "circle", colour: "#3d4f63" },
    { shape: "square", colour: "#1c5fb8" },
    { shape: "diamond", colour: "#00838f" },
    { shape: "triangle", colour: "#2e7d32" },
    { shape: "invertedTriangle", colour: "#7b3fc4" },
    { shape: "hexagon", colour: "#b0306f" },
  ];
  const ON_LEAVE_COLOUR = "#a3a9b0";
  const CHART_RAW_COLOUR = "#a9c3e6";
  const CHART_SMOOTH_COLOUR = "#17499a";
  const CHART_MARKER_COLOUR = "#7a4fd0";
  const CHART_BEFORE_CLASS_FILL = "#edf0f4";
  const CHART_BEFORE_CLASS_INK = "#59606b";
  const CHART_FONT = "11px system-ui, sans-serif";

  const element = (id) => document.getElementById(id);

  const view = {
    world: null,
    run: null,
    // The last week this page has; null asks for every week the server keeps,
    // those before the class included.
    since: null,
    week: null,
    running: false,
    weeksPerSecond: null,
    households: [],
    helpersByNbh: [],
    helperCount: 0,
    stripCapacity: 0,
    changes: [],
    changesSignature: "",
    series: new Map(),
    charts: [],
    layout: null,
    hover: null,
    mapDirty: true,
    chartsDirty: true,
    online: false,
    connectionLost: false,
  };

  const leverControls = new Map();
  let frameRequested = false;

  // ---- talking to the server ------------------------------------------------

  async function requestJson(path, options) {
    const response = await fetch(path, { cache: "no-store", ...options });
    let body = null;
    try {
      body = await response.json();
    } catch (notJson) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === "string" ? body.error : `${path}: HTTP ${response.status}`;
      throw new Error(message);
    }
    return body;
  }

  const getJson = (path) => requestJson(path);
  const postJson = (path, body) => requestJson(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

  const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

  function showError(elementId, message) {
    const box = element(elementId);
    box.textContent = message || "";
    box.hidden = !message;
  }

  async function control(body) {
    try {
      const reply = await postJson("/api/control", body);
      showError("control-error", "");
      view.running = reply.running;
      showRunState();
      return reply;
    } catch (problem) {
      showError("control-error", problem.message);
      return null;
    }
  }

  // ---- polling --------------------------------------------------------------

  async function pollForever() {
    for (;;) {
      const started = performance.now();
      let period = POLL_PERIOD_MS;
      try {
        const state = await getJson(view.since === null ? "/api/state" : `/api/state?since=${view.since}`);
        // A restarted server counts its runs from 1 again, so a lost connection
        // or a week that went back also means a model this page has not drawn.
        if (state.run !== view.run || (view.since !== null && state.week < view.since) || view.connectionLost) {
          await startRun();
          view.connectionLost = false;
          continue;
        }
        applyState(state);
        setOnline(true);
      } catch (problem) {
        setOnline(false, problem.message);
        period = OFFLINE_RETRY_MS;
      }
      await sleep(Math.max(0, period - (performance.now() - started)));
    }
  }

  // A new model (first load or a reset, by this page or another): everything is drawn afresh.
  async function startRun() {
    const world = await getJson("/api/world");
    view.world = world;
    view.run = world.run;
    view.since = null;
    view.week = null;
    view.changes = [];
    view.changesSignature = "";
    view.households = [];
    view.helpersByNbh = world.neighbourhoods.map(() => []);
    view.helperCount = 0;
    view.stripCapacity = 0;
    view.hover = null;
    view.series = new Map(world.outcomes.map((outcome) => [outcome.name, newSeries()]));
    for (const leverControl of leverControls.values()) leverControl.pending = undefined;
    element("scenario-name").textContent = `${world.scenario} · ${world.households.toLocaleString("en")} households · seed ${world.seed} · run ${world.run}`;
    if (document.activeElement !== element("seed")) element("seed").value = world.seed;
    element("ticker").replaceChildren();
    buildCharts(world.outcomes);
    buildHelperLegend(world.helper_types);
    showChanges();
    relayoutMap();
    markChartsDirty();
  }

  function applyState(state) {
    view.week = state.week;
    view.running = state.running;
    view.weeksPerSecond = state.weeks_per_second;
    showRunState();

    if (state.households.length === view.world.households) {
      view.households = state.households;
    }
    const helpersByNbh = view.world.neighbourhoods.map(() => []);
    for (const helper of state.helpers) {
      if (helper.nbh >= 0 && helper.nbh < helpersByNbh.length) helpersByNbh[helper.nbh].push(helper);
    }
    let mostInOneNbh = 0;
    for (const helpers of helpersByNbh) {
      helpers.sort((a, b) => a.id - b.id);
      mostInOneNbh = Math.max(mostInOneNbh, helpers.length);
    }
    view.helpersByNbh = helpersByNbh;
    view.helperCount = state.helpers.length;
    if (mostInOneNbh > view.stripCapacity) {
      // Room for a fifth more than now, so that a few hires do not move every block.
      view.stripCapacity = Math.ceil(mostInOneNbh * 1.2);
      relayoutMap();
    }
    markMapDirty();

    if (state.history.length > 0) {
      for (const row of state.history) appendHistoryRow(row);
      markChartsDirty();
    }
    const signature = JSON.stringify(state.changes);
    if (signature !== view.changesSignature) {
      view.changesSignature = signature;
      view.changes = state.changes;
      showChanges();
      markChartsDirty();
    }
    addEvents(state.events);
    syncLevers(state.levers);
    view.since = view.since === null ? state.week : Math.max(view.since, state.week);
    refreshTooltip();
  }

  function setOnline(online, message) {
    if (online === view.online && online) return;
    view.online = online;
    if (!online) {
      view.connectionLost = view.world !== null;
      const badge = element("run-state");
      badge.dataset.state = "offline";
      badge.textContent = "no connection";
      badge.title = message || "";
    }
  }

  function showRunState() {
    element("week").textContent = view.week === null ? "–" : String(view.week);
    const badge = element("run-state");
    badge.title = "";
    if (view.running) {
      badge.dataset.state = "running";
      badge.textContent = view.weeksPerSecond === 0 ? "running, as fast as possible" : `running, ${view.weeksPerSecond} weeks/s`;
    } else {
      badge.dataset.state = "paused";
      badge.textContent = "paused";
    }
    element("play").classList.toggle("active", view.running);
    element("pause").classList.toggle("active", !view.running);
    const speed = element("speed");
    if (view.weeksPerSecond !== null && document.activeElement !== speed) {
      const wanted = String(view.weeksPerSecond);
      if (![...speed.options].some((option) => option.value === wanted)) {
        speed.add(new Option(`${wanted} weeks/s`, wanted));
      }
      speed.value = wanted;
    }
  }

  // ---- history and charts ---------------------------------------------------

  function newSeries() {
    return { weeks: [], values: [], smooth: [], window: [] };
  }

  function appendHistoryRow(row) {
    for (const [name, series] of view.series) {
      const lastWeek = series.weeks.length ? series.weeks[series.weeks.length - 1] : -Infinity;
      if (row.week <= lastWeek) continue;
      const raw = row[name];
      const value = typeof raw === "number" && Number.isFinite(raw) ? raw : NaN;
      series.weeks.push(row.week);
      series.values.push(value);
      if (!Number.isNaN(value)) {
        series.window.push(value);
        if (series.window.length > SMOOTHING_WEEKS) series.window.shift();
      }
      series.smooth.push(series.window.length ? series.window.reduce((a, b) => a + b, 0) / series.window.length : NaN);
      if (series.weeks.length > HISTORY_LIMIT_WEEKS * 1.1) {
        const surplus = series.weeks.length - HISTORY_LIMIT_WEEKS;
        series.weeks.splice(0, surplus);
        series.values.splice(0, surplus);
        series.smooth.splice(0, surplus);
      }
    }
  }

  function buildCharts(outcomes) {
    const container = element("charts");
    container.replaceChildren();
    view.charts = outcomes.map((outcome) => {
      const figure = document.createElement("figure");
      figure.className = "chart";
      const caption = document.createElement("figcaption");
      const label = document.createElement("span");
      label.className = "chart-label";
      label.textContent = outcome.label;
      label.title = `${outcome.label} (${outcome.name})`;
      const value = document.createElement("span");
      value.className = "chart-value";
      caption.append(label, value);
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${outcome.label} by week`);
      canvas.dataset.outcome = outcome.name;
      figure.append(caption, canvas);
      container.append(figure);
      return { outcome, canvas, valueLabel: value };
    });
    container.dataset.points = "0";
    container.dataset.markers = "0";
  }

  function unitSuffix(outcome) {
    if (outcome.unit === "%") return " %";
    if (!outcome.unit || outcome.unit === "-" || outcome.unit === "1") return "";
    return ` ${outcome.unit}`;
  }

  function formatNumber(value) {
    if (!Number.isFinite(value)) return "–";
    const magnitude = Math.abs(value);
    if (magnitude >= 100 || Number.isInteger(value)) return value.toFixed(0);
    if (magnitude >= 10) return value.toFixed(1);
    if (magnitude >= 1) return value.toFixed(2).replace(/0$/, "");
    return value.toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
  }

  // CSS sizes of the canvases as the ResizeObserver last saw them: reading
  // clientWidth while drawing would force a layout after every DOM update.
  const canvasSizes = new WeakMap();
  const canvasResizes = new ResizeObserver((entries) => {
    for (const entry of entries) {
      canvasSizes.set(entry.target, { width: entry.contentRect.width, height: entry.contentRect.height });
      if (entry.target.id === "map") markMapDirty(); else markChartsDirty();
    }
  });

  // Sizes a canvas's backing store to its CSS size at the screen's pixel ratio;
  // returns the CSS size and a context that draws in CSS pixels.
  function fitCanvas(canvas) {
    const ratio = window.devicePixelRatio || 1;
    let size = canvasSizes.get(canvas);
    if (!size) {
      size = { width: canvas.clientWidth, height: canvas.clientHeight };
      canvasSizes.set(canvas, size);
      canvasResizes.observe(canvas);
    }
    const { width, height } = size;
    const pixelWidth = Math.max(1, Math.round(width * ratio));
    const pixelHeight = Math.max(1, Math.round(height * ratio));
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
    }
    const context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { context, width, height };
  }

  function niceStep(span, wantedTicks) {
    const raw = span / Math.max(1, wantedTicks);
    const power = 10 ** Math.floor(Math.log10(raw));
    const fraction = raw / power;
    const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  // The lowest and highest of the values, scaled; null when there are none.
  function valueExtent(values, scale) {
    let low = Infinity;
    let high = -Infinity;
    for (const value of values) {
      if (Number.isNaN(value)) continue;
      const scaled = value * scale;
      if (scaled < low) low = scaled;
      if (scaled > high) high = scaled;
    }
    return low === Infinity ? null : [low, high];
  }

  const startsAtZero = (outcome) => outcome.kind === "share" || outcome.kind === "count";

  // A level's range, widened about its middle to LEVEL_AXIS_MIN_RELATIVE_SPAN
  // of the largest value it shows. Levels close to zero for their spread are
  // drawn from zero.
  function levelRange(low, high) {
    if (low >= 0 && low < (high - low) * 0.6) low = 0;
    const minSpan = LEVEL_AXIS_MIN_RELATIVE_SPAN * Math.max(Math.abs(low), Math.abs(high));
    if (high - low >= minSpan) return [low, high];
    const middle = (low + high) / 2;
    return [middle - minSpan / 2, middle + minSpan / 2];
  }

  // The value axis of a chart, in scaled units, rounded out to tick steps.
  function valueRange(values, scale, fromZero) {
    const extent = valueExtent(values, scale);
    if (!extent) return [0, 1];
    let [low, high] = fromZero ? [Math.min(0, extent[0]), Math.max(0, extent[1])] : levelRange(...extent);
    if (high - low < 1e-9) high = low + 1;  // every value zero
    const step = niceStep(high - low, 3);
    return [Math.floor(low / step) * step, Math.ceil(high / step) * step];
  }

  // Draws a line through (week, value) points, one vertical stroke per pixel
  // column when there are more points than columns; NaN leaves a gap.
  function traceLine(context, weeks, values, x, y, scale) {
    context.beginPath();
    let penDown = false;
    let column = null;
    let columnLow = 0;
    let columnHigh = 0;
    const flush = () => {
      if (column === null) return;
      if (penDown) context.lineTo(column, columnLow); else context.moveTo(column, columnLow);
      if (columnHigh !== columnLow) context.lineTo(column, columnHigh);
      penDown = true;
    };
    for (let index = 0; index < weeks.length; index += 1) {
      const value = values[index];
      if (Number.isNaN(value)) {
        flush();
        column = null;
        penDown = false;
        continue;
      }
      const px = Math.round(x(weeks[index]) * 2) / 2;
      const py = y(value * scale);
      if (px !== column) {
        flush();
        column = px;
        columnLow = py;
        columnHigh = py;
      } else {
        columnLow = Math.max(columnLow, py);
        columnHigh = Math.min(columnHigh, py);
      }
    }
    flush();
    context.stroke();
  }

  function chartWeekRange() {
    let first = Infinity;
    let last = -Infinity;
    for (const series of view.series.values()) {
      if (!series.weeks.length) continue;
      first = Math.min(first, series.weeks[0]);
      last = Math.max(last, series.weeks[series.weeks.length - 1]);
    }
    if (first === Infinity) {
      first = view.week ?? 0;
      last = first;
    }
    // From the week before the first of the class's weeks, so that a run
    // without history before the class starts its charts at week 0.
    if (first > LAST_WEEK_BEFORE_CLASS) first -= 1;
    return [first, Math.max(last, Math.max(first, LAST_WEEK_BEFORE_CLASS) + MIN_CHART_SPAN_WEEKS)];
  }

  function drawCharts() {
    const [firstWeek, lastWeek] = chartWeekRange();
    let pointsDrawn = 0;
    let markersDrawn = Infinity;
    let weeksBeforeClass = 0;
    for (const chart of view.charts) {
      const series = view.series.get(chart.outcome.name);
      const drawn = drawChart(chart, series, firstWeek, lastWeek);
      pointsDrawn = Math.max(pointsDrawn, drawn.points);
      markersDrawn = Math.min(markersDrawn, drawn.markers);
      weeksBeforeClass = Math.max(weeksBeforeClass, drawn.weeksBeforeClass);
      let latest = NaN;
      for (let index = series.values.length - 1; index >= 0 && Number.isNaN(latest); index -= 1) latest = series.values[index];
      chart.valueLabel.textContent = Number.isNaN(latest) ? "" : formatNumber(latest * (chart.outcome.scale || 1)) + unitSuffix(chart.outcome);
    }
    const container = element("charts");
    // What the charts show, for tests and for reading the page without its pixels.
    container.dataset.points = String(pointsDrawn);
    container.dataset.markers = String(markersDrawn === Infinity ? 0 : markersDrawn);
    container.dataset.weeksBeforeClass = String(weeksBeforeClass);
    container.dataset.firstWeek = String(firstWeek);
    container.dataset.lastWeek = String(lastWeek);
  }

  const weekText = (week) => (week < 0 ? `\u2212${-week}` : String(week));

  function drawChart(chart, series, firstWeek, lastWeek) {
    const { context, width, height } = fitCanvas(chart.canvas);
    context.clearRect(0, 0, width, height);
    const scale = chart.outcome.scale || 1;
    const left = 38;
    const right = width - 6;
    const top = 16;
    const bottom = height - 16;
    const [low, high] = valueRange(series.values, scale, startsAtZero(chart.outcome));
    chart.canvas.dataset.axisLow = String(low);
    chart.canvas.dataset.axisHigh = String(high);
    const x = (week) => left + ((week - firstWeek) / (lastWeek - firstWeek)) * (right - left);
    const y = (value) => bottom - ((value - low) / (high - low)) * (bottom - top);

    context.font = CHART_FONT;
    const beforeClassLabel = drawBeforeClassBand(context, x, firstWeek, top, bottom, right);
    context.lineWidth = 1;
    context.strokeStyle = "#e1e5ea";
    context.fillStyle = "#4d5560";
    context.textAlign = "right";
    context.textBaseline = "middle";
    const valueStep = niceStep(high - low, 3);
    for (let tick = low; tick <= high + valueStep * 1e-6; tick += valueStep) {
      const py = Math.round(y(tick)) + 0.5;
      context.beginPath();
      context.moveTo(left, py);
      context.lineTo(right, py);
      context.stroke();
      context.fillText(formatNumber(Number(tick.toPrecision(6))), left - 4, py);
    }
    context.textAlign = "center";
    context.textBaseline = "top";
    const weekStep = niceStep(lastWeek - firstWeek, Math.max(2, Math.floor((right - left) / 40)));
    for (let week = Math.ceil(firstWeek / weekStep) * weekStep; week <= lastWeek; week += weekStep) {
      const halfWidth = context.measureText(weekText(week)).width / 2;
      // A label that would run into the value axis's labels or off the canvas is left out.
      if (x(week) - halfWidth < left - 2 && week !== 0) continue;
      if (x(week) + halfWidth > width) continue;
      context.fillText(weekText(week), x(week), bottom + 3);
    }
    context.strokeStyle = "#9aa3ad";
    context.beginPath();
    context.moveTo(left, bottom + 0.5);
    context.lineTo(right, bottom + 0.5);
    context.stroke();

    const markers = drawChangeMarkers(context, x, firstWeek, lastWeek, top, bottom, right, beforeClassLabel);

    context.save();
    context.beginPath();
    context.rect(left, top - 2, right - left, bottom - top + 4);
    context.clip();
    context.lineJoin = "round";
    context.lineWidth = 1;
    context.strokeStyle = CHART_RAW_COLOUR;
    traceLine(context, series.weeks, series.values, x, y, scale);
    context.lineWidth = 2;
    context.strokeStyle = CHART_SMOOTH_COLOUR;
    traceLine(context, series.weeks, series.smooth, x, y, scale);
    context.restore();
    const weeksBeforeClass = series.weeks.filter((week) => week <= LAST_WEEK_BEFORE_CLASS).length;
    return { points: series.weeks.length, markers, weeksBeforeClass };
  }

  // Shades the weeks before the class, up to week 0, and names them above the
  // chart, from where the shade starts; returns the name's extent [start,
  // end], or null. A name much wider than the shade would seem to name the
  // class's weeks too, so a narrow shade gets a short name or none.
  function drawBeforeClassBand(context, x, firstWeek, top, bottom, right) {
    if (firstWeek >= LAST_WEEK_BEFORE_CLASS) return null;
    const start = x(firstWeek);
    const bandWidth = x(LAST_WEEK_BEFORE_CLASS) - start;
    context.save();
    context.fillStyle = CHART_BEFORE_CLASS_FILL;
    context.fillRect(start, top - 2, bandWidth, bottom - top + 2);
    context.textAlign = "left";
    context.textBaseline = "top";
    context.fillStyle = CHART_BEFORE_CLASS_INK;
    let extent = null;
    for (const text of ["before the class", "before"]) {
      const textWidth = context.measureText(text).width;
      if (textWidth > 2 * bandWidth || start + textWidth > right) continue;
      context.fillText(text, start, 2);
      extent = [start, start + textWidth];
      break;
    }
    context.restore();
    return extent;
  }

  // Every change in view gets its dashed line. Its label, the change in words
  // or else its number in the list of changes, goes beside the line on the
  // first row where it overlaps no newer change's label (nor the name of the
  // weeks before the class); newest first, since the latest change is the
  // one the class is watching.
  function drawChangeMarkers(context, x, firstWeek, lastWeek, top, bottom, right, beforeClassLabel) {
    const WORD_ROWS = 2;
    const ALL_ROWS = 3;
    const occupied = Array.from({ length: ALL_ROWS }, () => []);
    if (beforeClassLabel) occupied[0].push(beforeClassLabel);
    const fits = (row, start, end) => occupied[row].every(([taken, takenEnd]) => end + 4 <= taken || start >= takenEnd + 4);
    let drawn = 0;
    context.save();
    context.font = CHART_FONT;
    context.textBaseline = "top";
    context.textAlign = "left";
    for (let index = view.changes.length - 1; index >= 0; index -= 1) {
      const change = view.changes[index];
      if (change.week < firstWeek || change.week > lastWeek) continue;
      const px = Math.round(x(change.week)) + 0.5;
      context.strokeStyle = CHART_MARKER_COLOUR;
      context.lineWidth = 1.5;
      context.setLineDash([4, 3]);
      context.beginPath();
      context.moveTo(px, top - 2);
      context.lineTo(px, bottom);
      context.stroke();
      context.setLineDash([]);
      drawn += 1;
      let placed = null;
      for (const [text, rows] of [[changeText(change), WORD_ROWS], [String(index + 1), ALL_ROWS]]) {
        const textWidth = context.measureText(text).width;
        const sides = [px + 3, px - 3 - textWidth].filter((start) => start >= 0 && start + textWidth <= right);
        for (let row = 0; row < rows && !placed; row += 1) {
          const start = sides.find((side) => fits(row, side, side + textWidth));
          if (start !== undefined) placed = { text, textWidth, labelX: start, row };
        }
        if (placed) break;
      }
      if (!placed) continue;
      const { text, textWidth, labelX, row } = placed;
      occupied[row].push([labelX, labelX + textWidth]);
      const labelY = 2 + row * 12;
      context.fillStyle = "rgba(255, 255, 255, 0.85)";
      context.fillRect(labelX - 1, labelY - 1, textWidth + 2, 12);
      context.fillStyle = CHART_MARKER_COLOUR;
      context.fillText(text, labelX, labelY);
    }
    context.restore();
    return drawn;
  }

  const changeText = (change) => change.text || `${change.key} → ${change.to}`;

  function showChanges() {
    const list = element("changes");
    list.replaceChildren(...view.changes.map((change) => {
      const item = document.createElement("li");
      item.textContent = `from week ${change.week}: ${changeText(change)}`;
      return item;
    }));
    list.hidden = view.changes.length === 0;
  }

  // ---- the map --------------------------------------------------------------

  const loadColours = Array.from({ length: 101 }, (_, load) => {
    const t = Math.sqrt(load / 100);
    let stop = 1;
    while (stop < LOAD_COLOUR_STOPS.length - 1 && LOAD_COLOUR_STOPS[stop][0] < t) stop += 1;
    const [t0, c0] = LOAD_COLOUR_STOPS[stop - 1];
    const [t1, c1] = LOAD_COLOUR_STOPS[stop];
    const f = (t - t0) / (t1 - t0);
    const channel = (index) => Math.round(c0[index] + (c1[index] - c0[index]) * f);
    return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
  });

  const loadColour = (load) => loadColours[Math.max(0, Math.min(100, Math.round(load)))];

  function maxMapHeight() {
    return Math.max(260, window.innerHeight - 330);
  }

  // Picks the number of block columns, the household square size and the
  // helper mark size: big squares and marks count most, but blocks should not
  // be tall and narrow, and a map taller than the room it has must scroll.
  function relayoutMap() {
    const canvas = element("map");
    if (!view.world) return;
    const width = canvas.parentElement.clientWidth;
    const neighbourhoods = view.world.neighbourhoods;
    const count = neighbourhoods.length;
    const mostHouseholds = Math.max(1, ...neighbourhoods.map((nbh) => nbh.households));
    const mostHelpers = Math.max(1, view.stripCapacity);
    const roomHeight = maxMapHeight();
    let best = null;
    for (let columns = 1; columns <= count; columns += 1) {
      const blockWidth = Math.floor((width - (columns - 1) * BLOCK_GAP) / columns);
      if (blockWidth < 40) break;
      const rows = Math.ceil(count / columns);
      for (const markSpacing of MARK_SPACINGS) {
        const markColumns = Math.max(1, Math.floor(blockWidth / markSpacing));
        const stripRows = Math.ceil(mostHelpers / markColumns);
        for (let cell = MAX_CELL; cell >= MIN_CELL; cell -= 1) {
          const gridColumns = Math.max(1, Math.floor(blockWidth / cell));
          const gridRows = Math.ceil(mostHouseholds / gridColumns);
          const blockHeight = BLOCK_LABEL_HEIGHT + gridRows * cell + STRIP_GAP + stripRows * markSpacing;
          const height = rows * blockHeight + (rows - 1) * BLOCK_GAP;
          const score = cell * Math.sqrt(Math.min(1, blockWidth / blockHeight)) * Math.min(1, roomHeight / height)
            * (markSpacing / MARK_SPACINGS[0]) ** 0.5;
          if (!best || score > best.score) {
            best = { score, columns, blockWidth, cell, gridColumns, gridRows, markSpacing, markColumns, stripRows, blockHeight, height };
          }
        }
      }
    }
    if (!best) return;
    best.blocks = neighbourhoods.map((nbh, index) => {
      const x = (index % best.columns) * (best.blockWidth + BLOCK_GAP);
      const y = Math.floor(index / best.columns) * (best.blockHeight + BLOCK_GAP);
      const gridTop = y + BLOCK_LABEL_HEIGHT;
      const gridRows = Math.ceil(nbh.households / best.gridColumns);
      return {
        index, nbh, x, y, gridTop,
        gridWidth: best.gridColumns * best.cell,
        gridHeight: gridRows * best.cell,
        stripTop: gridTop + best.gridRows * best.cell + STRIP_GAP,
      };
    });
    view.layout = best;
    canvas.style.height = `${best.height}px`;
    if (canvasSizes.has(canvas)) canvasSizes.set(canvas, { width, height: best.height });
    markMapDirty();
  }

  function drawMap() {
    const canvas = element("map");
    const layout = view.layout;
    if (!layout) return;
    const { context, width, height } = fitCanvas(canvas);
    context.clearRect(0, 0, width, height);
    const { cell } = layout;
    const square = cell >= 5 ? cell - 1 : cell;
    const households = view.households;

    // One path per colour: a few dozen fills instead of thousands of style changes.
    const paths = new Map();
    context.font = "600 12px system-ui, sans-serif";
    context.textBaseline = "alphabetic";
    context.textAlign = "left";
    for (const block of layout.blocks) {
      const helpers = view.helpersByNbh[block.index] || [];
      context.fillStyle = "#1d2430";
      context.fillText(block.nbh.name, block.x, block.y + 12);
      const nameWidth = context.measureText(block.nbh.name).width;
      context.font = "11px system-ui, sans-serif";
      context.fillStyle = "#59606b";
      const room = layout.blockWidth - nameWidth - 8;
      const counts = [`${block.nbh.households} households · ${helpers.length} helpers`, `${helpers.length} helpers`]
        .find((text) => context.measureText(text).width <= room);
      if (counts) context.fillText(counts, block.x + nameWidth + 8, block.y + 12);
      context.font = "600 12px system-ui, sans-serif";
      context.fillStyle = "#c9ced5";
      context.fillRect(block.x, block.gridTop, block.gridWidth, block.gridHeight);
      if (households.length) {
        for (let offset = 0; offset < block.nbh.households; offset += 1) {
          const load = households[block.nbh.first_household + offset];
          const colour = loadColour(load);
          let path = paths.get(colour);
          if (!path) {
            path = new Path2D();
            paths.set(colour, path);
          }
          path.rect(block.x + (offset % layout.gridColumns) * cell, block.gridTop + Math.floor(offset / layout.gridColumns) * cell, square, square);
        }
      }
      context.fillStyle = "#f4f6f8";
      context.fillRect(block.x, block.stripTop - 2, layout.blockWidth, layout.stripRows * layout.markSpacing + 2);
    }
    for (const [colour, path] of paths) {
      context.fillStyle = colour;
      context.fill(path);
    }
    for (const block of layout.blocks) {
      const helpers = view.helpersByNbh[block.index] || [];
      helpers.forEach((helper, position) => {
        const [centreX, centreY] = helperPosition(block, position);
        drawHelperMark(context, centreX, centreY, MARK_RADIUS * (layout.markSpacing / MARK_SPACINGS[0]), helper);
      });
    }
    drawHover(context);
    canvas.dataset.households = String(households.length);
    canvas.dataset.helpers = String(view.helperCount);
  }

  function helperPosition(block, position) {
    const layout = view.layout;
    const column = position % layout.markColumns;
    const row = Math.floor(position / layout.markColumns);
    const spacing = layout.markSpacing;
    return [block.x + column * spacing + spacing / 2, block.stripTop + row * spacing + spacing / 2 - 1];
  }

  function shapePath(context, shape, x, y, r) {
    context.beginPath();
    switch (shape) {
      case "square":
        context.rect(x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
        break;
      case "diamond":
        context.moveTo(x, y - r * 1.2);
        context.lineTo(x + r * 1.2, y);
        context.lineTo(x, y + r * 1.2);
        context.lineTo(x - r * 1.2, y);
        context.closePath();
        break;
      case "triangle":
        context.moveTo(x, y - r * 1.15);
        context.lineTo(x + r * 1.1, y + r * 0.85);
        context.lineTo(x - r * 1.1, y + r * 0.85);
        context.closePath();
        break;
      case "invertedTriangle":
        context.moveTo(x, y + r * 1.15);
        context.lineTo(x + r * 1.1, y - r * 0.85);
        context.lineTo(x - r * 1.1, y - r * 0.85);
        context.closePath();
        break;
      case "hexagon":
        for (let corner = 0; corner < 6; corner += 1) {
          const angle = (Math.PI / 3) * corner;
          const cx = x + r * 1.05 * Math.cos(angle);
          const cy = y + r * 1.05 * Math.sin(angle);
          if (corner === 0) context.moveTo(cx, cy); else context.lineTo(cx, cy);
        }
        context.closePath();
        break;
      default:
        context.arc(x, y, r, 0, Math.PI * 2);
    }
  }

  const helperStyle = (type) => HELPER_STYLES[((type % HELPER_STYLES.length) + HELPER_STYLES.length) % HELPER_STYLES.length];

  // Best Persons are filled marks, other helpers hollow ones; the ring's
  // opacity and width grow with exhaustion; helpers on leave are grey.
  function drawHelperMark(context, x, y, r, helper) {
    const exhaustion = Math.max(0, Math.min(1, helper.exhaustion || 0));
    // Below a tenth the ring would only clutter the strip: nearly every helper has some exhaustion.
    if (exhaustion >= 0.1) {
      context.beginPath();
      context.arc(x, y, r + 2.2, 0, Math.PI * 2);
      context.lineWidth = 1 + 1.6 * exhaustion;
      context.strokeStyle = `rgba(${Math.round(235 - 60 * exhaustion)}, ${Math.round(130 * (1 - exhaustion))}, 0, ${(0.1 + 0.9 * exhaustion ** 1.2).toFixed(3)})`;
      context.stroke();
    }
    const style = helperStyle(helper.type);
    const colour = helper.on_leave ? ON_LEAVE_COLOUR : style.colour;
    shapePath(context, style.shape, x, y, r * (helper.best_person ? 1 : 0.86));
    if (helper.best_person) {
      context.fillStyle = colour;
      context.fill();
    } else {
      context.fillStyle = "#ffffff";
      context.fill();
      context.lineWidth = 1.6;
      context.strokeStyle = colour;
      context.stroke();
    }
  }

  function drawHover(context) {
    const hover = view.hover;
    if (!hover || !view.layout) return;
    context.lineWidth = 2;
    context.strokeStyle = "#0b63ce";
    if (hover.kind === "household") {
      const { cell, gridColumns } = view.layout;
      const block = view.layout.blocks[hover.block];
      const offset = hover.household - block.nbh.first_household;
      context.strokeRect(block.x + (offset % gridColumns) * cell - 1, block.gridTop + Math.floor(offset / gridColumns) * cell - 1, cell + 1, cell + 1);
    } else {
      const block = view.layout.blocks[hover.block];
      const [x, y] = helperPosition(block, hover.position);
      const spacing = view.layout.markSpacing;
      context.strokeRect(x - spacing / 2, y - spacing / 2, spacing, spacing);
    }
  }

  function hitTest(x, y) {
    const layout = view.layout;
    if (!layout) return null;
    for (const block of layout.blocks) {
      if (x < block.x || x >= block.x + layout.blockWidth) continue;
      if (y >= block.gridTop && y < block.gridTop + block.gridHeight && x < block.x + block.gridWidth) {
        const offset = Math.floor((y - block.gridTop) / layout.cell) * layout.gridColumns + Math.floor((x - block.x) / layout.cell);
        if (offset < block.nbh.households) return { kind: "household", block: block.index, household: block.nbh.first_household + offset };
      }
      const spacing = layout.markSpacing;
      if (y >= block.stripTop && y < block.stripTop + layout.stripRows * spacing) {
        const column = Math.floor((x - block.x) / spacing);
        const position = Math.floor((y - block.stripTop) / spacing) * layout.markColumns + column;
        const helpers = view.helpersByNbh[block.index] || [];
        if (column < layout.markColumns && position < helpers.length) {
          return { kind: "helper", block: block.index, position, id: helpers[position].id };
        }
      }
    }
    return null;
  }

  const typeName = (type) => {
    const name = view.world && view.world.helper_types[type];
    return name ? name.replaceAll("_", " ") : `helper type ${type}`;
  };

  function tooltipLines(hover) {
    const block = view.layout.blocks[hover.block];
    if (hover.kind === "household") {
      const load = view.households[hover.household];
      return [["household", `${hover.household} in ${block.nbh.name}`], ["problem load", load === undefined ? "–" : `${load} %`]];
    }
    const helpers = view.helpersByNbh[hover.block] || [];
    // The helper under the pointer may have moved in the strip since; follow it by id.
    const helper = helpers.find((candidate) => candidate.id === hover.id);
    if (!helper) return [["helper", `${hover.id} has left ${block.nbh.name}`]];
    return [
      ["helper", `${helper.id} in ${block.nbh.name}`],
      ["type", typeName(helper.type)],
      ["Best Person", helper.best_person ? "yes" : "no"],
      ["exhaustion", `${Math.round((helper.exhaustion || 0) * 100)} %`],
      ["caseload", String(helper.caseload)],
      ["on leave", helper.on_leave ? "yes" : "no"],
    ];
  }

  function refreshTooltip() {
    const tooltip = element("tooltip");
    if (!view.hover || !view.layout) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...tooltipLines(view.hover).map(([name, value]) => {
      const line = document.createElement("div");
      const bold = document.createElement("b");
      bold.textContent = `${name}: `;
      line.append(bold, value);
      return line;
    }));
    tooltip.hidden = false;
    const wrap = tooltip.parentElement;
    const left = Math.min(view.hover.x + 14, wrap.clientWidth - tooltip.offsetWidth - 2);
    const top = view.hover.y + 16 + tooltip.offsetHeight > wrap.clientHeight ? view.hover.y - tooltip.offsetHeight - 8 : view.hover.y + 16;
    tooltip.style.left = `${Math.max(0, left)}px`;
    tooltip.style.top = `${Math.max(0, top)}px`;
  }

  function onMapPointer(event) {
    const canvas = element("map");
    const bounds = canvas.getBoundingClientRect();
    const x = event.clientX - bounds.left;
    const y = event.clientY - bounds.top;
    const hit = hitTest(x, y);
    const previous = view.hover;
    view.hover = hit ? { ...hit, x, y } : null;
    const sameThing = previous && hit && previous.kind === hit.kind && previous.household === hit.household && previous.id === hit.id;
    if (!sameThing) markMapDirty();
    refreshTooltip();
  }

  function onMapLeave() {
    view.hover = null;
    markMapDirty();
    refreshTooltip();
  }

  // ---- legends ----------------------------------------------------------------

  function drawLoadLegend() {
    const canvas = element("load-legend");
    const { context, width } = fitCanvas(canvas);
    const left = 6;
    const barWidth = width - 14;
    for (let px = 0; px < barWidth; px += 1) {
      const t = px / (barWidth - 1);
      context.fillStyle = loadColour(t * t * 100);
      context.fillRect(left + px, 2, 1, 14);
    }
    context.strokeStyle = "#7a828c";
    context.strokeRect(left + 0.5, 2.5, barWidth - 1, 13);
    context.font = CHART_FONT;
    context.fillStyle = "#1d2430";
    context.textAlign = "center";
    context.textBaseline = "top";
    for (const tick of LOAD_LEGEND_TICKS) {
      const px = left + Math.sqrt(tick / 100) * (barWidth - 1);
      context.fillRect(px, 16, 1, 3);
      context.fillText(tick === 100 ? "100 %" : String(tick), Math.min(px, width - 16), 20);
    }
  }

  function legendMark(draw) {
    const canvas = document.createElement("canvas");
    canvas.width = 18 * (window.devicePixelRatio || 1);
    canvas.height = 18 * (window.devicePixelRatio || 1);
    canvas.style.width = "18px";
    canvas.style.height = "18px";
    canvas.setAttribute("aria-hidden", "true");
    const context = canvas.getContext("2d");
    context.scale(window.devicePixelRatio || 1, window.devicePixelRatio || 1);
    draw(context);
    return canvas;
  }

  function buildHelperLegend(helperTypes) {
    const list = element("helper-legend");
    const entry = (draw, text) => {
      const item = document.createElement("li");
      item.append(legendMark(draw), text);
      return item;
    };
    const items = helperTypes.map((name, type) => entry(
      (context) => drawHelperMark(context, 9, 9, MARK_RADIUS, { type, best_person: type !== 0, exhaustion: 0, on_leave: false }),
      name.replaceAll("_", " ")));
    items.push(entry((context) => drawHelperMark(context, 9, 9, MARK_RADIUS, { type: 1, best_person: true, exhaustion: 0 }), "filled: a Best Person"));
    items.push(entry((context) => drawHelperMark(context, 9, 9, MARK_RADIUS, { type: 1, best_person: false, exhaustion: 0 }), "hollow: not a Best Person"));
    items.push(entry((context) => drawHelperMark(context, 9, 9, MARK_RADIUS, { type: 0, best_person: true, exhaustion: 0.9 }), "ring: exhaustion (stronger = more)"));
    items.push(entry((context) => drawHelperMark(context, 9, 9, MARK_RADIUS, { type: 1, best_person: true, exhaustion: 0.3, on_leave: true }), "grey: on leave"));
    list.replaceChildren(...items);
  }

  // ---- the event ticker -----------------------------------------------------

  function addEvents(events) {
    if (!events || !events.length) return;
    const ticker = element("ticker");
    const fragment = document.createDocumentFragment();
    const newest = events.slice(-TICKER_LIMIT).reverse();
    for (const event of newest) {
      const item = document.createElement("li");
      const week = document.createElement("span");
      week.className = "event-week";
      week.textContent = `week ${event.week}`;
      item.append(week, event.text);
      fragment.append(item);
    }
    ticker.prepend(fragment);
    while (ticker.children.length > TICKER_LIMIT) ticker.lastElementChild.remove();
  }

  // ---- levers -----------------------------------------------------------------

  function leverText(value) {
    if (value === null || value === undefined) return "auto";
    return typeof value === "number" ? formatNumber(Number(value.toPrecision(6))) : String(value);
  }

  function sameValue(a, b) {
    if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-9;
    return a === b;
  }

  async function buildLevers() {
    const levers = await getJson("/api/levers");
    const form = element("levers");
    form.replaceChildren();
    leverControls.clear();
    for (const lever of levers) {
      const box = document.createElement("div");
      box.className = "lever";
      const id = `lever-${lever.key.replace(/[^a-z0-9]+/gi, "-")}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      const name = document.createElement("span");
      name.textContent = lever.label;
      const shown = document.createElement("span");
      const valueText = document.createElement("span");
      valueText.className = "lever-value";
      shown.append(valueText);
      if (lever.unit && lever.unit !== "-" && lever.unit !== "1") {
        const unit = document.createElement("span");
        unit.className = "lever-unit";
        unit.textContent = lever.unit;
        shown.append(unit);
      }
      label.append(name, shown);
      box.append(label);
      let input;
      if (lever.kind === "choice") {
        input = document.createElement("select");
        for (const choice of lever.choices) input.add(new Option(choice, choice));
        box.append(input);
      } else {
        input = document.createElement("input");
        input.type = "range";
        input.min = String(lever.min);
        input.max = String(lever.max);
        input.step = lever.kind === "int" ? "1" : String(niceStep(lever.max - lever.min, 100));
        const ends = document.createElement("div");
        ends.className = "range-ends";
        ends.setAttribute("aria-hidden", "true");
        const minText = document.createElement("span");
        minText.textContent = String(lever.min);
        const maxText = document.createElement("span");
        maxText.textContent = String(lever.max);
        ends.append(minText, maxText);
        box.append(input, ends);
      }
      input.id = id;
      input.dataset.key = lever.key;
      input.title = lever.doc || "";
      const controlState = { lever, box, input, valueText, serverValue: lever.value, pending: undefined, editing: false };
      leverControls.set(lever.key, controlState);
      setLeverControl(controlState, lever.value);
      input.addEventListener("input", () => {
        controlState.editing = true;
        valueText.textContent = leverText(readLeverControl(controlState));
      });
      input.addEventListener("change", () => {
        controlState.editing = false;
        sendLevers({ [lever.key]: readLeverControl(controlState) });
      });
      form.append(box);
    }
  }

  function readLeverControl(controlState) {
    return controlState.lever.kind === "choice" ? controlState.input.value : Number(controlState.input.value);
  }

  function setLeverControl(controlState, value) {
    const { input, valueText } = controlState;
    if (value !== null && value !== undefined) input.value = String(value);
    valueText.textContent = leverText(value);
  }

  // The server applies a change from the next week, so the state keeps the old
  // value until then; the control shows the sent value meanwhile.
  function syncLevers(values) {
    if (!values) return;
    for (const [key, controlState] of leverControls) {
      if (!(key in values)) continue;
      controlState.serverValue = values[key];
      if (controlState.pending !== undefined && sameValue(controlState.pending, values[key])) controlState.pending = undefined;
      controlState.box.classList.toggle("pending", controlState.pending !== undefined);
      if (controlState.editing || controlState.pending !== undefined) continue;
      if (!sameValue(readLeverControl(controlState), values[key]) || controlState.valueText.textContent !== leverText(values[key])) {
        setLeverControl(controlState, values[key]);
      }
    }
  }

  async function sendLevers(values) {
    for (const [key, value] of Object.entries(values)) {
      const controlState = leverControls.get(key);
      if (controlState) {
        controlState.pending = value;
        setLeverControl(controlState, value);
        controlState.box.classList.add("pending");
      }
    }
    try {
      await postJson("/api/levers", values);
      showError("lever-error", "");
      return true;
    } catch (problem) {
      showError("lever-error", problem.message);
      for (const key of Object.keys(values)) {
        const controlState = leverControls.get(key);
        if (!controlState) continue;
        controlState.pending = undefined;
        controlState.box.classList.remove("pending");
        setLeverControl(controlState, controlState.serverValue);
      }
      return false;
    }
  }

  // ---- the model explained: a small Markdown renderer -------------------------

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]);
  }

  // Inline Markdown on escaped text: code spans first, so that nothing inside them is formatted.
  function renderInline(text) {
    return text.split(/(`[^`]+`)/).map((part, index) => {
      if (index % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, target) => `<span class="link" title="${target}">${label}</span>`)
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>");
    }).join("");
  }

  function renderMarkdown(markdown) {
    const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
    const html = [];
    let paragraph = [];
    let list = null;
    const endParagraph = () => {
      if (paragraph.length) html.push(`<p>${renderInline(paragraph.join(" "))}</p>`);
      paragraph = [];
    };
    const endList = () => {
      if (!list) return;
      html.push(`<${list.tag}>${list.items.map((item) => `<li>${renderInline(item.join(" "))}</li>`).join("")}</${list.tag}>`);
      list = null;
    };
    const tableCells = (line) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index];
      const fence = line.match(/^\s*```/);
      if (fence) {
        endParagraph();
        endList();
        const code = [];
        for (index += 1; index < lines.length && !/^\s*```/.test(lines[index]); index += 1) code.push(lines[index]);
        html.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
        continue;
      }
      const heading = line.match(/^(#{1,6})\s+(.*)$/);
      if (heading) {
        endParagraph();
        endList();
        const level = heading[1].length;
        html.push(`<h${level}>${renderInline(heading[2])}</h${level}>`);
        continue;
      }
      if (/^\s*\|/.test(line) && index + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[index + 1])) {
        endParagraph();
        endList();
        const head = tableCells(line);
        const rows = [];
        for (index += 2; index < lines.length && /^\s*\|/.test(lines[index]); index += 1) rows.push(tableCells(lines[index]));
        index -= 1;
        html.push(`<table><thead><tr>${head.map((cell) => `<th>${renderInline(cell)}</th>`).join("")}</tr></thead><tbody>${
          rows.map((row) => `<tr>${row.map((cell) => `<td>${renderInline(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`);
        continue;
      }
      const item = line.match(/^\s{0,3}([*+-]|\d+[.)])\s+(.*)$/);
      if (item) {
        endParagraph();
        const tag = /\d/.test(item[1]) ? "ol" : "ul";
        if (list && list.tag !== tag) endList();
        if (!list) list = { tag, items: [] };
        list.items.push([item[2]]);
        continue;
      }
      if (!line.trim()) {
        endParagraph();
        endList();
        continue;
      }
      if (list && /^\s+/.test(line)) {
        list.items[list.items.length - 1].push(line.trim());
        continue;
      }
      endList();
      paragraph.push(line.trim());
    }
    endParagraph();
    endList();
    return html.join("\n");
  }

  async function loadModelInfo() {
    const panel = element("panel-model");
    try {
      const response = await fetch("/model-info.md", { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      panel.innerHTML = renderMarkdown(await response.text());
    } catch (problem) {
      panel.textContent = `The model's description could not be loaded (${problem.message}).`;
    }
  }

  // ---- tabs, buttons, drawing loop ----------------------------------------------

  function setupTabs() {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    const select = (chosen) => {
      for (const tab of tabs) {
        const selected = tab === chosen;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
        element(tab.getAttribute("aria-controls")).hidden = !selected;
      }
      chosen.focus();
    };
    tabs.forEach((tab, index) => {
      tab.addEventListener("click", () => select(tab));
      tab.addEventListener("keydown", (event) => {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          const step = event.key === "ArrowRight" ? 1 : tabs.length - 1;
          select(tabs[(index + step) % tabs.length]);
        }
      });
    });
  }

  function setupControls() {
    element("play").addEventListener("click", () => control({ action: "play" }));
    element("pause").addEventListener("click", () => control({ action: "pause" }));
    element("step").addEventListener("click", () => control({ action: "step" }));
    element("speed").addEventListener("change", (event) => control({ action: "speed", weeks_per_second: Number(event.target.value) }));
    element("reset").addEventListener("click", () => {
      const seedText = element("seed").value.trim();
      if (seedText !== "" && !/^\d+$/.test(seedText)) {
        showError("control-error", "seed: a whole number of 0 or more");
        return;
      }
      control(seedText === "" ? { action: "reset" } : { action: "reset", seed: Number(seedText) });
    });
    for (const button of document.querySelectorAll(".experiment-button")) {
      button.addEventListener("click", async () => {
        const applied = await sendLevers(JSON.parse(button.dataset.levers));
        if (applied && !view.running) await control({ action: "play" });
      });
    }
    const map = element("map");
    map.addEventListener("pointermove", onMapPointer);
    map.addEventListener("pointerleave", onMapLeave);
    const resized = new ResizeObserver(() => {
      relayoutMap();
      markChartsDirty();
    });
    resized.observe(map.parentElement);
    resized.observe(element("charts"));
  }

  // Draws what changed, once per animation frame, and asks for no frame when
  // nothing did: an idle page costs nothing.
  function frame() {
    frameRequested = false;
    if (!view.world) return;
    if (view.mapDirty) {
      view.mapDirty = false;
      drawMap();
    }
    if (view.chartsDirty) {
      view.chartsDirty = false;
      drawCharts();
    }
  }

  function markMapDirty() {
    view.mapDirty = true;
    requestDraw();
  }

  function markChartsDirty() {
    view.chartsDirty = true;
    requestDraw();
  }

  function requestDraw() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(frame);
  }

  async function start() {
    setupTabs();
    setupControls();
    drawLoadLegend();
    loadModelInfo();
    for (;;) {
      try {
        await buildLevers();
        break;
      } catch (problem) {
        setOnline(false, problem.message);
        await sleep(OFFLINE_RETRY_MS);
      }
    }
    pollForever();
  }

  start();
})();
