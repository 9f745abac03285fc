// What is registered: models and datasets with their checksums and metadata, and the sweeps that used them.
import {api} from '../api.js';
import {clear, fmt, h} from '../dom.js';

const hash = v => h('span', {class: 'mono', title: v}, `${v.slice(0, 12)}…`);

export async function modelsPage(main) {
  const models = await api.get('/api/models');
  clear(main, h('h1', {}, 'Models'),
    h('table', {class: 'models'},
      h('thead', {}, h('tr', {}, ['Name', 'Family', 'Global [IMG] row', 'Features', 'Box coords', 'Classes', 'Vocabulary', 'Text only',
        'TorchScript SHA-256', 'Tokenizer SHA-256', 'Registered', 'Used by'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, models.map(m => h('tr', {},
        h('td', {class: 'name', title: m.path}, m.name), h('td', {}, m.family), h('td', {}, m.globalImage),
        h('td', {class: 'num'}, m.featureSize), h('td', {class: 'num'}, m.numLocations), h('td', {class: 'num'}, m.numClasses),
        h('td', {class: 'num'}, m.vocabSize), h('td', {}, m.textOnly ? 'yes' : 'no'), h('td', {}, hash(m.sha256)),
        h('td', {}, hash(m.tokenizerSha256)), h('td', {}, fmt.date(m.registeredAt)),
        h('td', {}, h('a', {href: `#/history?model=${encodeURIComponent(m.name)}`}, 'sweeps')))))));
}

export async function datasetsPage(main) {
  const datasets = await api.get('/api/datasets');
  clear(main, h('h1', {}, 'Datasets'),
    h('table', {class: 'datasets'},
      h('thead', {}, h('tr', {}, ['Name', 'Examples', 'Images', 'Regions', 'Features', 'Classes', 'Max tokens', 'Content hash', 'Registered', 'Used by']
        .map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, datasets.map(d => h('tr', {},
        h('td', {class: 'name', title: d.path}, d.name), h('td', {class: 'num'}, fmt.int(d.examples)), h('td', {class: 'num'}, fmt.int(d.images)),
        h('td', {class: 'num'}, d.regions), h('td', {class: 'num'}, d.featureSize), h('td', {class: 'num'}, d.numClasses),
        h('td', {class: 'num'}, d.maxSeqLength), h('td', {}, hash(d.contentHash)), h('td', {}, fmt.date(d.registeredAt)),
        h('td', {}, h('a', {href: `#/history?dataset=${encodeURIComponent(d.name)}`}, 'sweeps')))))));
}
