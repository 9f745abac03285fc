// Error bars on the compare page's charts, drawn from the interval bounds each run stored when it finished
// (GET /api/compare: meanLowBits/meanHighBits, relativeDeltaLow/High), and the line that exported charts carry.
// Each chart keeps its series; the bars are extra `custom` series named "<series> · CI", left out of the legend.
import {fmt} from './dom.js';

const BAR_GAP = '30%';
const CATEGORY_GAP = '20%';
const STROKE = {stroke: '#1b1f24', lineWidth: 1.2};

/** [low, high] of a row's mean, or null. */
export const meanBounds = r => r && r.meanLowBits != null && r.meanHighBits != null ? [r.meanLowBits, r.meanHighBits] : null;

/** [low, high] of a row's relative Δ against its run's own none, or null. */
export const relativeBounds = r => r && r.relativeDeltaLow != null && r.relativeDeltaHigh != null ? [r.relativeDeltaLow, r.relativeDeltaHigh] : null;

/** The interval and test of a row for tooltips: "95% CI [a, b] · Δ CI [c, d] · p (Holm) e". */
export function describeRow(r) {
  const parts = [];
  if (meanBounds(r)) parts.push(`CI [${fmt.bits(r.meanLowBits)}, ${fmt.bits(r.meanHighBits)}]`);
  if (r && r.deltaLowBits != null && r.condition !== 'none') parts.push(`Δ CI [${fmt.delta(r.deltaLowBits)}, ${fmt.delta(r.deltaHighBits)}]`);
  if (r && r.pHolm != null) parts.push(`p (Holm) ${pValue(r.pHolm)}`);
  return parts.join(' · ');
}

export const pValue = p => p == null ? '' : p < 0.001 ? '<0.001' : p.toFixed(3);

function whisker(x0, y0, x1, y1, cap, vertical) {
  const caps = vertical
    ? [[x0 - cap, y0, x0 + cap, y0], [x1 - cap, y1, x1 + cap, y1]]
    : [[x0, y0 - cap, x0, y0 + cap], [x1, y1 - cap, x1, y1 + cap]];
  return [[x0, y0, x1, y1], ...caps].map(([a, b, c, d]) => ({type: 'line', shape: {x1: a, y1: b, x2: c, y2: d}, style: STROKE}));
}

function keepLegend(option) {
  const names = option.series.map(s => s.name);
  option.legend = option.legend ? {...option.legend, data: names} : option.legend;
}

/**
 * Grouped bars (charts.groupedBars) with an error bar on every bar: bounds(label, condition) → [low, high] or null.
 * The tooltip adds each bar's interval, Δ interval and Holm p from row(label, condition).
 */
export function barErrors(option, labels, conditions, bounds, row) {
  keepLegend(option);
  option.series.forEach(s => Object.assign(s, {barGap: BAR_GAP, barCategoryGap: CATEGORY_GAP}));
  const count = conditions.length;
  conditions.forEach((c, index) => option.series.push({
    name: `${c} · CI`, type: 'custom', silent: true, z: 10, tooltip: {show: false},
    encode: {x: 0, y: [1, 2]},
    data: labels.map((l, i) => [i, ...(bounds(l, c) || [null, null])]).filter(d => d[1] !== null),
    renderItem: (params, api) => {
      const layout = api.barLayout({barGap: BAR_GAP, barCategoryGap: CATEGORY_GAP, count})[index];
      const low = api.coord([api.value(0), api.value(1)]);
      const high = api.coord([api.value(0), api.value(2)]);
      const x = low[0] + layout.offsetCenter;
      return {type: 'group', children: whisker(x, low[1], x, high[1], Math.max(2, layout.width / 4), true)};
    },
  }));
  const formatter = option.tooltip.formatter;
  option.tooltip.formatter = params => {
    const bars = params.filter(p => p.seriesType !== 'custom');
    return formatter(bars).split('<br>').map((line, i) => {
      const extra = bars[i] ? describeRow(row(bars[i].name, bars[i].seriesName)) : '';
      return extra ? `${line}<br>&nbsp;&nbsp;${extra}` : line;
    }).join('<br>');
  };
  return option;
}

/** Threshold lines (charts.thresholdLines) with an error bar at every point and each model's none / all intervals as bands. */
export function lineErrors(option, labels, thresholds, bounds) {
  keepLegend(option);
  option.series.forEach(s => {
    const bands = ['none', 'all'].map(c => [c, bounds(s.name, c)]).filter(([, b]) => b);
    if (bands.length) {
      s.markArea = {silent: true, itemStyle: {opacity: 0.12}, data: bands.map(([c, [low, high]]) => [{name: '', yAxis: low}, {yAxis: high}])};
    }
  });
  labels.forEach(l => option.series.push({
    name: `${l} · CI`, type: 'custom', silent: true, z: 10, tooltip: {show: false},
    encode: {x: 0, y: [1, 2]},
    data: thresholds.map((t, i) => [i, ...(bounds(l, `object@${t}`) || [null, null])]).filter(d => d[1] !== null),
    renderItem: (params, api) => {
      const low = api.coord([api.value(0), api.value(1)]);
      const high = api.coord([api.value(0), api.value(2)]);
      return {type: 'group', children: whisker(low[0], low[1], high[0], high[1], 3, true)};
    },
  }));
  option.tooltip = {trigger: 'axis', formatter: params => params.filter(p => p.seriesType !== 'custom').map(p => {
    const b = bounds(p.seriesName, `object@${p.name}`);
    return `${p.marker}${echarts.format.encodeHTML(p.seriesName)} · object@${p.name}: ${fmt.bits(p.value)} bits`
      + (b ? ` [${fmt.bits(b[0])}, ${fmt.bits(b[1])}]` : '');
  }).join('<br>')};
  return option;
}

/** The asymmetry scatter (charts.asymmetry) with the interval of each relative rise as a cross: bounds(name) → {x, y}. */
export function crossErrors(option, bounds) {
  const data = option.series[0].data.map(p => ({p, b: bounds(p.name)})).filter(({b}) => b && b.x && b.y)
    .map(({p, b}) => ({name: p.name, value: [p.value[0], p.value[1], b.x[0], b.x[1], b.y[0], b.y[1]]}));
  option.series.push({
    name: 'rise · CI', type: 'custom', silent: true, z: 10, tooltip: {show: false}, encode: {x: 0, y: 1}, data,
    renderItem: (params, api) => {
      const [x, y, xLow, xHigh, yLow, yHigh] = [0, 1, 2, 3, 4, 5].map(i => api.value(i));
      const left = api.coord([xLow, y]);
      const right = api.coord([xHigh, y]);
      const bottom = api.coord([x, yLow]);
      const top = api.coord([x, yHigh]);
      return {type: 'group', children: [...whisker(left[0], left[1], right[0], right[1], 3, false),
        ...whisker(bottom[0], bottom[1], top[0], top[1], 3, true)]};
    },
  });
  const formatter = option.tooltip.formatter;
  option.tooltip.formatter = p => {
    const b = bounds(p.data.name);
    return formatter(p) + (b && b.x && b.y ? ` (CI ${fmt.pct(b.x[0])} to ${fmt.pct(b.x[1])}; ${fmt.pct(b.y[0])} to ${fmt.pct(b.y[1])})` : '');
  };
  return option;
}

/**
 * The line an exported chart carries under its title: dataset, n, runs and the kind of interval, e.g.
 * "demo-val · n = 8,987 · runs 4, 5, 6 · error bars: 95% BCa bootstrap intervals over examples".
 */
export function exportNote(data) {
  const ns = [...new Set(data.rows.map(r => r.n))].sort((a, b) => a - b);
  const n = ns.length === 1 ? fmt.int(ns[0]) : `${fmt.int(ns[0])}–${fmt.int(ns[ns.length - 1])}`;
  const level = data.uncertainty ? (data.uncertainty.match(/^([\d.]+%)/) || [, ''])[1] : '';
  const kind = data.uncertainty ? `error bars: ${level} BCa bootstrap intervals over examples` : 'no intervals (means only)';
  return `${data.dataset} · n = ${n} · runs ${data.runs.join(', ')} · ${kind}`;
}
