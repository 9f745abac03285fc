// A sweep: its definition (and what changed since the previous version), a live progress matrix
// models × (direction, condition), examples/s and ETA, cancel and retry, and the workers running it.
import {api} from '../api.js';
import {clear, errorBox, fmt, h, stateBadge} from '../dom.js';

const TERMINAL = ['succeeded', 'failed', 'cancelled'];
const BATCHING = {
  paper: "one condition at a time in the paper's batches of 16 consecutive examples (batch-dependent models)",
  exact: 'each example computed on its own',
  fast: 'conditions and examples mixed in batches (batch-independent models)',
};

export async function sweepPage(main, id) {
  const header = h('div', {});
  const live = h('section', {id: 'live', 'aria-label': 'Progress'});
  const definition = h('section', {id: 'definition', 'aria-label': 'Definition'});
  const message = h('div', {'aria-live': 'assertive'});
  clear(main, header, message, live, definition);
  let timer = null;
  let stopped = false;

  async function act(action) {
    try {
      await api.post(`/api/sweeps/${id}/${action}`);
      clear(message);
      await refresh();
    } catch (e) {
      clear(message, errorBox(e));
    }
  }

  async function refresh() {
    const [sweep, shards, status] = await Promise.all([
      api.get(`/api/sweeps/${id}`), api.get(`/api/sweeps/${id}/shards`), api.get('/api/status')]);
    if (stopped) return sweep;
    const terminal = TERMINAL.includes(sweep.state);
    const retryable = shards.some(s => s.state === 'failed' || s.state === 'cancelled');
    clear(header,
      h('h1', {}, h('span', {class: 'name'}, sweep.experimentName), ` · version ${sweep.version} · sweep #${sweep.id} `, stateBadge(sweep.state)),
      h('p', {class: 'muted'}, `${sweep.dataset} · submitted ${fmt.date(sweep.submittedAt)}`,
        sweep.startedAt ? ` · started ${fmt.date(sweep.startedAt)}` : '', sweep.finishedAt ? ` · finished ${fmt.date(sweep.finishedAt)}` : '',
        sweep.cancelRequested && !terminal ? ' · cancelling…' : ''),
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'danger', id: 'cancel', disabled: terminal || sweep.cancelRequested, onclick: () => act('cancel')}, 'Cancel sweep'),
        h('button', {type: 'button', class: 'secondary', id: 'retry', disabled: !retryable, onclick: () => act('retry')}, 'Retry failed and cancelled shards'),
        h('a', {href: `#/compare?sweeps=${sweep.id}`}, 'Compare results →')));
    const ownShards = new Set(shards.map(s => s.id));
    clear(live,
      h('div', {class: 'cards'},
        card('progress', sweep.examplesTotal ? `${(100 * sweep.examplesDone / sweep.examplesTotal).toFixed(1)}%` : '–'),
        card('examples done', `${fmt.int(sweep.examplesDone)} / ${fmt.int(sweep.examplesTotal)}`),
        card('examples/s', sweep.examplesPerSecond ? sweep.examplesPerSecond.toFixed(0) : '–'),
        card('ETA', terminal ? '–' : fmt.seconds(sweep.etaSeconds)),
        card('shards', `${shards.filter(s => s.state === 'succeeded').length} / ${shards.length} done`)),
      h('h2', {}, 'Progress by model, direction and condition'),
      h('div', {class: 'scroll'}, matrix(sweep)),
      h('h2', {}, 'Runs'),
      runTable(sweep),
      h('h2', {}, 'Workers on this sweep'),
      workerTable(status.workers.filter(w => w.shardId !== null && ownShards.has(w.shardId)), shards));
    live.dataset.examplesDone = sweep.examplesDone;
    live.dataset.state = sweep.state;
    return sweep;
  }

  function card(label, value) {
    return h('div', {class: 'card'}, h('div', {class: 'value'}, value), h('div', {class: 'label'}, label));
  }

  function matrix(sweep) {
    const models = [...new Set(sweep.runs.map(r => r.model))];
    const columns = [];
    for (const direction of ['vis4lang', 'lang4vis']) {
      const run = sweep.runs.find(r => r.direction === direction);
      if (run) run.conditions.forEach(c => columns.push([direction, c]));
    }
    return h('table', {class: 'matrix'},
      h('thead', {},
        h('tr', {}, h('th', {rowspan: 2, scope: 'col'}, 'Model'),
          ['vis4lang', 'lang4vis'].filter(d => columns.some(c => c[0] === d))
            .map(d => h('th', {scope: 'colgroup', colspan: columns.filter(c => c[0] === d).length}, d))),
        h('tr', {}, columns.map(([, c]) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, models.map(model => h('tr', {},
        h('th', {scope: 'row'}, model),
        columns.map(([direction, condition]) => {
          const run = sweep.runs.find(r => r.model === model && r.direction === direction);
          if (!run) return h('td', {class: 'cell muted', title: 'not applicable (text-only model)'}, 'n/a');
          const pct = run.examplesTotal ? 100 * run.examplesDone / run.examplesTotal : 0;
          return h('td', {class: `cell state-${run.state}`, title: `${model} ${direction} ${condition}: ${run.state}, ${pct.toFixed(0)}%`},
            h('span', {class: 'sr'}, run.state === 'succeeded' ? '✓' : run.state === 'failed' ? '✗' : `${pct.toFixed(0)}%`),
            h('div', {class: 'bar', 'aria-hidden': 'true'}, h('span', {style: {width: `${pct.toFixed(1)}%`}})));
        })))));
  }

  function runTable(sweep) {
    return h('table', {class: 'runs'},
      h('thead', {}, h('tr', {}, ['Model', 'Direction', 'State', 'Examples', 'Skipped (no target)', 'Batching',
        'Shards (done/running/queued)', 'Problem', ''].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, sweep.runs.map(r => h('tr', {},
        h('td', {}, r.model), h('td', {}, r.direction), h('td', {}, stateBadge(r.state)),
        h('td', {class: 'num'}, `${fmt.int(r.examplesDone)} / ${fmt.int(r.examplesTotal)}`),
        h('td', {class: 'num'}, r.skipped ? h('a', {href: `#/runs/${r.id}/examples`, title: 'entries left out of n: see the list under the examples'}, fmt.int(r.skipped)) : '0'),
        h('td', {title: BATCHING[r.batching] || ''}, r.batching),
        h('td', {class: 'num'}, `${r.shards.succeeded} / ${r.shards.running} / ${r.shards.queued}`),
        h('td', {}, r.error || ''),
        h('td', {}, r.examplesDone ? h('a', {href: `#/runs/${r.id}/examples`}, 'examples') : '')))));
  }

  function workerTable(workers, shards) {
    if (!workers.length) return h('p', {class: 'muted'}, 'No worker is running a shard of this sweep now.');
    return h('table', {class: 'workers'},
      h('thead', {}, h('tr', {}, ['Node', 'Device', 'Shard', 'Examples', 'Last heartbeat'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, workers.map(w => {
        const shard = shards.find(s => s.id === w.shardId);
        return h('tr', {}, h('td', {}, w.node), h('td', {}, w.device),
          h('td', {}, shard ? `#${shard.id} [${shard.firstExample}, ${shard.endExample})` : `#${w.shardId}`),
          h('td', {class: 'num'}, shard ? `${shard.examplesDone} / ${shard.endExample - shard.firstExample}` : ''),
          h('td', {}, fmt.date(w.heartbeatAt)));
      })));
  }

  async function showDefinition(sweep) {
    const current = await api.get(`/api/experiments/${sweep.experimentId}?version=${sweep.version}`);
    const previous = sweep.version > 1 ? await api.get(`/api/experiments/${sweep.experimentId}?version=${sweep.version - 1}`) : null;
    clear(definition,
      h('h2', {}, 'Definition'),
      previous ? h('div', {}, h('h3', {}, `Changes since version ${previous.version}`), diff(previous.definition, current.definition)) : null,
      h('pre', {class: 'definition'}, JSON.stringify(current.definition, null, 2)));
  }

  function diff(before, after) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changed = keys.filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (!changed.length) return h('p', {class: 'muted'}, 'None: the same definition.');
    return h('table', {class: 'diff'}, h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Before'), h('th', {}, 'Now'))),
      h('tbody', {}, changed.map(k => h('tr', {}, h('td', {}, k),
        h('td', {class: 'diff-removed'}, JSON.stringify(before[k])), h('td', {class: 'diff-added'}, JSON.stringify(after[k]))))));
  }

  try {
    const sweep = await refresh();
    await showDefinition(sweep);
  } catch (e) {
    clear(main, errorBox(e));
    return null;
  }
  const tick = async () => {
    if (stopped) return;
    try {
      const sweep = await refresh();
      if (!TERMINAL.includes(sweep.state) || sweep.cancelRequested) timer = setTimeout(tick, 1500);
      else timer = setTimeout(tick, 10000);
    } catch (e) {
      timer = setTimeout(tick, 5000);
    }
  };
  timer = setTimeout(tick, 1500);
  return () => { stopped = true; clearTimeout(timer); };
}
