/*!
 * <reflective-feedback>: live feedback on reflective writing, beside a textarea.
 * Part of ReflectiveAnalysis (Apache-2.0). One file, no dependencies; works as a classic or a module script.
 *
 *   <textarea id="statement"></textarea>
 *   <reflective-feedback for="statement" endpoint="/reflect/analyze" route="chartership"></reflective-feedback>
 *   <script src="/_content/ReflectiveAnalysis.AspNetCore/reflective-feedback.js" defer></script>
 *
 * Attributes: for (id of the textarea), endpoint (POST URL of the ReflectiveAnalysis endpoint, default
 * /reflect/analyze), route (certification | chartership | fellowship | revalidation; omit for the server's default),
 * delay (ms of quiet typing before it asks, default 700).
 * Events: "reflective-feedback:report" (detail: { report, text }) after each update, "reflective-feedback:error"
 * (detail: { message, status }) when a request fails.
 * Theme with CSS custom properties on the element or any ancestor: --rf-font, --rf-text, --rf-muted, --rf-bg,
 * --rf-surface, --rf-border, --rf-accent, --rf-focus, --rf-radius, --rf-descriptive, --rf-descriptive-bg,
 * --rf-analytical, --rf-analytical-bg, --rf-evaluative, --rf-evaluative-bg.
 *
 * Security: the writer's text and everything the server returns are put in the page with textContent / text nodes
 * only; this file never assigns innerHTML, outerHTML or insertAdjacentHTML.
 */
(function () {
  'use strict';
  if (typeof window === 'undefined' || !window.customElements || window.customElements.get('reflective-feedback')) {
    return;
  }

  // Okabe-Ito colours (distinguishable with the common colour-vision deficiencies); each mode also has its own
  // underline style and a text label, so colour is never the only signal.
  var MODES = {
    descriptive: { tag: 'D', label: 'Describes', question: 'What?' },
    analytical: { tag: 'A', label: 'Analyses', question: 'So what?' },
    evaluative: { tag: 'E', label: 'Evaluates', question: 'Now what?' }
  };
  var MODE_ORDER = ['descriptive', 'analytical', 'evaluative'];
  var CRITERIA = [
    ['personalPerformance', 'Personal performance'],
    ['organisationalContext', 'Organisational context'],
    ['widerProfessionalContext', 'Wider professional context']
  ];
  var DEPTH_BANDS = ['0–24', '25–49', '50–74', '75–100'];
  var DEPTH_NAMES = ['Descriptive writing', 'Descriptive reflection', 'Dialogic reflection', 'Critical reflection'];
  var FEEDBACK_KINDS = {
    'nothing-to-analyse': 'Start',
    'so-what': 'So what?',
    'now-what': 'Now what?',
    'perspective': 'Perspective',
    'criterion-gap': 'Criteria',
    'praise': 'Working well',
    'feeling': 'Feelings',
    'word-count': 'Word count',
    'evidence': 'Evidence'
  };

  var CSS = [
    ':host { display: block; container-type: inline-size;',
    '  --_font: var(--rf-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);',
    '  --_text: var(--rf-text, #1b1b1f); --_muted: var(--rf-muted, #4d4d57); --_bg: var(--rf-bg, #ffffff);',
    '  --_surface: var(--rf-surface, #f5f5f7); --_border: var(--rf-border, #c9c9d1); --_accent: var(--rf-accent, #0072b2);',
    '  --_focus: var(--rf-focus, #0a58ca); --_radius: var(--rf-radius, 6px);',
    '  --_d: var(--rf-descriptive, #b36b00); --_d-bg: var(--rf-descriptive-bg, #fdf0d5);',
    '  --_a: var(--rf-analytical, #0072b2); --_a-bg: var(--rf-analytical-bg, #dcefff);',
    '  --_e: var(--rf-evaluative, #007a5a); --_e-bg: var(--rf-evaluative-bg, #d3f2e6);',
    '  font-family: var(--_font); color: var(--_text); background: var(--_bg); line-height: 1.5; }',
    ':host([hidden]) { display: none; }',
    '* { box-sizing: border-box; }',
    '.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }',
    '.bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin-bottom: .75rem; }',
    '.status { color: var(--_muted); font-size: .9rem; margin: 0; min-height: 1.5em; }',
    ':host([data-state="error"]) .status { color: #a4000f; font-weight: 600; }',
    'button { font: inherit; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: .3rem .8rem; cursor: pointer; }',
    'button:hover { border-color: var(--_accent); }',
    ':focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }',
    '.busy { display: inline-block; width: .8em; height: .8em; margin-right: .4em; border: 2px solid var(--_border); border-top-color: var(--_accent); border-radius: 50%; animation: rf-spin .8s linear infinite; vertical-align: -.1em; }',
    ':host(:not([data-state="busy"])) .busy { display: none; }',
    '@keyframes rf-spin { to { transform: rotate(360deg); } }',
    '.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem; margin-bottom: 1rem; }',
    '.card { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: .75rem; }',
    '.card h3, .overall h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--_muted); margin: 0 0 .4rem; }',
    '.depth-value { font-size: 1.15rem; font-weight: 650; margin: 0 0 .4rem; }',
    '.gauge { position: relative; height: .9rem; border-radius: 999px; background: var(--_bg); border: 1px solid var(--_border); overflow: hidden; }',
    '.gauge-fill { position: absolute; inset: 0 auto 0 0; width: 0; background: var(--_accent); transition: width .35s ease; }',
    '.gauge-ticks { display: grid; grid-template-columns: repeat(4, 1fr); font-size: .72rem; color: var(--_muted); margin-top: .2rem; }',
    '.gauge-ticks span { border-left: 1px solid var(--_border); padding-left: .25rem; }',
    '.gauge-ticks span[data-current] { color: var(--_text); font-weight: 700; }',
    '.meter-row { display: grid; grid-template-columns: minmax(7rem, 1.3fr) 2fr 3rem; gap: .5rem; align-items: center; font-size: .88rem; margin: .2rem 0; }',
    '.meter { height: .6rem; border-radius: 999px; background: var(--_bg); border: 1px solid var(--_border); overflow: hidden; }',
    '.meter > span { display: block; height: 100%; width: 0; background: var(--_accent); transition: width .35s ease; }',
    '.meter-row .pct { text-align: right; font-variant-numeric: tabular-nums; }',
    '.mode-d .meter > span { background: var(--_d); } .mode-a .meter > span { background: var(--_a); } .mode-e .meter > span { background: var(--_e); }',
    '.legend { display: flex; flex-wrap: wrap; gap: .4rem .9rem; font-size: .85rem; margin: 0 0 .75rem; padding: 0; list-style: none; }',
    '.s { border-radius: 3px; padding: .05em .1em; text-decoration-thickness: 2px; text-underline-offset: .22em; text-decoration-line: underline; -webkit-box-decoration-break: clone; box-decoration-break: clone; }',
    '.s.m-descriptive { background: var(--_d-bg); text-decoration-color: var(--_d); text-decoration-style: dotted; }',
    '.s.m-analytical { background: var(--_a-bg); text-decoration-color: var(--_a); text-decoration-style: dashed; }',
    '.s.m-evaluative { background: var(--_e-bg); text-decoration-color: var(--_e); text-decoration-style: solid; text-decoration-thickness: 3px; }',
    '.s:focus-visible { outline-offset: 1px; }',
    '.tag { display: inline-block; min-width: 1.3em; margin-right: .25em; padding: 0 .25em; border-radius: 3px; font-size: .72em; font-weight: 700; line-height: 1.45; text-align: center; vertical-align: .12em; color: #fff; text-decoration: none; }',
    '.m-descriptive > .tag, .legend .m-descriptive .tag { background: var(--_d); } .m-analytical > .tag, .legend .m-analytical .tag { background: var(--_a); } .m-evaluative > .tag, .legend .m-evaluative .tag { background: var(--_e); }',
    '.overall { margin: 0 0 1rem; }',
    '.paragraphs { list-style: none; margin: 0; padding: 0; display: grid; gap: .9rem; }',
    '.para { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: .75rem 1rem; align-items: start; }',
    '@container (max-width: 40rem) { .para { grid-template-columns: minmax(0, 1fr); } }',
    '.para-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }',
    '.para.heading .para-text { font-weight: 700; }',
    '.para-meta { display: block; font-size: .78rem; color: var(--_muted); margin-bottom: .2rem; }',
    '.feedback { list-style: none; margin: 0; padding: 0; display: grid; gap: .4rem; }',
    '.feedback li { background: var(--_surface); border: 1px solid var(--_border); border-left: 4px solid var(--_accent); border-radius: var(--_radius); padding: .45rem .6rem; font-size: .9rem; }',
    '.feedback li[data-kind="praise"] { border-left-color: var(--_e); }',
    '.feedback .kind { display: block; font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--_muted); }',
    '.details { font-size: .85rem; color: var(--_muted); min-height: 1.4em; margin: .75rem 0 0; }',
    '.empty { color: var(--_muted); font-style: italic; }',
    '@media (prefers-reduced-motion: reduce) { .gauge-fill, .meter > span { transition: none; } .busy { animation: none; } }',
    '@media (forced-colors: active) { .s { forced-color-adjust: none; } .gauge-fill, .meter > span { background: Highlight; } }'
  ].join('\n');

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === undefined || value === null || value === false) { return; }
        if (key === 'text') { node.textContent = String(value); }
        else if (key === 'className') { node.className = value; }
        else { node.setAttribute(key, String(value)); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) { continue; }
      node.append(child); // strings become text nodes, never markup
    }
    return node;
  }

  function pct(share) {
    var n = Number(share);
    if (!isFinite(n)) { n = 0; }
    return Math.round(Math.max(0, Math.min(1, n)) * 100);
  }

  function modeOf(name) {
    return Object.prototype.hasOwnProperty.call(MODES, name) ? name : 'descriptive';
  }

  var counter = 0;

  class ReflectiveFeedbackElement extends HTMLElement {
    static get observedAttributes() { return ['for']; }

    constructor() {
      super();
      this._id = 'rf' + (++counter);
      this._seq = 0;
      this._timer = 0;
      this._controller = null;
      this._textarea = null;
      this._onInput = this._schedule.bind(this, undefined);
      this._build();
    }

    /** Quiet time, in ms, after the last keystroke before the text is sent. */
    get delay() {
      var value = parseInt(this.getAttribute('delay') || '', 10);
      return isFinite(value) && value >= 0 ? value : 700;
    }

    get endpoint() { return this.getAttribute('endpoint') || '/reflect/analyze'; }

    /** The report on show, or null. */
    get report() { return this._report || null; }

    connectedCallback() { this._attach(); }

    disconnectedCallback() {
      this._detach();
      this._cancel();
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (name === 'for' && oldValue !== newValue && this.isConnected) {
        this._detach();
        this._attach();
      }
    }

    /** Analyses the textarea's text now (the button and the debounce both end here). Returns a promise. */
    analyze() {
      clearTimeout(this._timer);
      var textarea = this._textarea;
      if (!textarea) { return Promise.resolve(); }
      var text = textarea.value;
      this._cancel();
      var seq = ++this._seq;
      if (!text.trim()) {
        this._renderEmpty();
        return Promise.resolve();
      }
      var controller = new AbortController();
      this._controller = controller;
      this._setState('busy', 'Analysing…', false);
      var body = { text: text };
      var route = this.getAttribute('route');
      if (route) { body.route = route; }
      var self = this;
      return fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
        signal: controller.signal
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (json) {
          if (!response.ok) {
            var message = json && (json.detail || json.title);
            var error = new Error(message ? String(message) : 'The server answered ' + response.status + '.');
            error.status = response.status;
            throw error;
          }
          if (!json || typeof json !== 'object' || !Array.isArray(json.sentences)) {
            throw new Error('The server did not send a report.');
          }
          return json;
        });
      }).then(function (report) {
        if (seq !== self._seq) { return; }
        self._controller = null;
        self._render(text, report);
        self.dispatchEvent(new CustomEvent('reflective-feedback:report', { detail: { report: report, text: text }, bubbles: true, composed: true }));
      }).catch(function (error) {
        if (seq !== self._seq || (error && error.name === 'AbortError')) { return; }
        self._controller = null;
        var message = (error && error.message) || 'The feedback could not be fetched.';
        self._setState('error', 'Feedback unavailable: ' + message, true);
        self.dispatchEvent(new CustomEvent('reflective-feedback:error', { detail: { message: message, status: error && error.status }, bubbles: true, composed: true }));
      });
    }

    // ---- wiring -----------------------------------------------------------------------------------------------

    _attach() {
      var id = this.getAttribute('for');
      var target = id ? document.getElementById(id) : null;
      if (!target || !('value' in target)) {
        this._setState('error', id ? 'No textarea with id "' + id + '" on this page.' : 'Set for="…" to the id of the textarea to read.', true);
        return;
      }
      this._textarea = target;
      target.addEventListener('input', this._onInput);
      if (target.value.trim()) { this._schedule(0); } else { this._renderEmpty(); }
    }

    _detach() {
      if (this._textarea) { this._textarea.removeEventListener('input', this._onInput); }
      this._textarea = null;
    }

    _cancel() {
      if (this._controller) { this._controller.abort(); }
      this._controller = null;
    }

    _schedule(delay) {
      clearTimeout(this._timer);
      // Typing makes the request in flight stale: abort it now rather than render an old report.
      this._cancel();
      this._seq++;
      var self = this;
      this._timer = setTimeout(function () { self.analyze(); }, delay === undefined ? this.delay : delay);
    }

    // ---- skeleton ---------------------------------------------------------------------------------------------

    _build() {
      var root = this.attachShadow({ mode: 'open' });
      if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
      } else {
        root.append(el('style', { text: CSS }));
      }
      var id = this._id;
      this._status = el('p', { className: 'status', id: id + '-status' });
      this._live = el('p', { className: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
      var button = el('button', { type: 'button', text: 'Check now' });
      button.addEventListener('click', this.analyze.bind(this));
      this._results = el('div', { className: 'results', 'aria-describedby': id + '-status' });
      this._details = el('p', { className: 'details', id: id + '-details' });
      var region = el('section', { className: 'wrap', 'aria-label': 'Feedback on your reflective writing' },
        el('div', { className: 'bar' }, el('p', { className: 'status-wrap' }, el('span', { className: 'busy', 'aria-hidden': 'true' }), this._status), button),
        this._live,
        this._results,
        this._details);
      root.append(region);
    }

    _setState(state, message, announce) {
      this.setAttribute('data-state', state);
      this._status.textContent = message;
      this._results.setAttribute('aria-busy', state === 'busy' ? 'true' : 'false');
      if (announce) { this._live.textContent = message; }
    }

    _renderEmpty() {
      this._report = null;
      this.removeAttribute('data-depth-level');
      this._results.replaceChildren(el('p', { className: 'empty', text: 'Feedback appears here when you pause typing.' }));
      this._details.textContent = '';
      this._setState('idle', 'Waiting for your text.', false);
    }

    // ---- the report -------------------------------------------------------------------------------------------

    _render(text, report) {
      this._report = report;
      var depth = report.depth || {};
      var level = Math.max(0, Math.min(3, Number(depth.level) || 0));
      var score = Math.max(0, Math.min(100, Number(depth.score) || 0));
      var feedback = Array.isArray(report.feedback) ? report.feedback : [];
      var sentences = report.sentences;
      var paragraphs = Array.isArray(report.paragraphs) ? report.paragraphs : [];

      this.setAttribute('data-depth-level', String(level));
      this._results.replaceChildren(
        this._renderSummary(level, score, report),
        this._renderLegend(),
        this._renderOverall(feedback, sentences),
        this._renderParagraphs(text, paragraphs, sentences, feedback));
      this._details.textContent = 'Focus the text and use the arrow keys to step through the sentences.';

      var summary = 'Feedback updated: depth level ' + level + ' of 3, ' + DEPTH_NAMES[level].toLowerCase() + ', ' + score +
        ' out of 100; ' + feedback.length + (feedback.length === 1 ? ' comment.' : ' comments.');
      this._setState('ready', summary, true);
    }

    _renderSummary(level, score, report) {
      var id = this._id;
      var ticks = el('div', { className: 'gauge-ticks', 'aria-hidden': 'true' });
      for (var l = 0; l < 4; l++) {
        ticks.append(el('span', { text: l + ' (' + DEPTH_BANDS[l] + ')', 'data-current': l === level ? '' : null }));
      }
      var fill = el('div', { className: 'gauge-fill' });
      fill.style.width = score + '%';
      var depthCard = el('div', { className: 'card depth' },
        el('h3', { id: id + '-depth', text: 'Reflection depth' }),
        el('p', { className: 'depth-value', text: 'Level ' + level + ': ' + DEPTH_NAMES[level] + ' (' + score + '/100)' }),
        el('div', {
          className: 'gauge', role: 'meter', 'aria-labelledby': id + '-depth', 'aria-valuemin': 0, 'aria-valuemax': 100,
          'aria-valuenow': score, 'aria-valuetext': 'Level ' + level + ' of 3, ' + DEPTH_NAMES[level] + ', ' + score + ' out of 100'
        }, fill),
        ticks);

      var modes = report.modes || {};
      var modeCard = el('div', { className: 'card modes' }, el('h3', { text: 'Sentences by mode' }));
      MODE_ORDER.forEach(function (mode) {
        var share = pct(modes[mode]);
        modeCard.append(meterRow(id + '-mode-' + mode, MODES[mode].label + ' (' + MODES[mode].question + ')', share, 'mode-' + mode.charAt(0)));
      });

      var criteria = report.criteria || {};
      var criteriaCard = el('div', { className: 'card criteria' }, el('h3', { text: 'Criteria coverage' }));
      CRITERIA.forEach(function (pair) {
        criteriaCard.append(meterRow(id + '-crit-' + pair[0], pair[1], pct(criteria[pair[0]]), 'criterion'));
      });

      return el('div', { className: 'summary' }, depthCard, modeCard, criteriaCard);
    }

    _renderLegend() {
      var legend = el('ul', { className: 'legend', 'aria-label': 'Highlight key' });
      MODE_ORDER.forEach(function (mode) {
        legend.append(el('li', null, el('span', { className: 's m-' + mode },
          el('span', { className: 'tag', text: MODES[mode].tag }), MODES[mode].label + ' (' + MODES[mode].question + ')')));
      });
      return legend;
    }

    _renderOverall(feedback, sentences) {
      var general = feedback.filter(function (item) { return paragraphOf(item) === null; });
      if (general.length === 0) { return null; }
      return el('section', { className: 'overall', 'aria-label': 'Feedback on the whole statement' },
        el('h3', { text: 'On the whole statement' }), feedbackList(general));
    }

    _renderParagraphs(text, paragraphs, sentences, feedback) {
      var list = el('ol', { className: 'paragraphs', 'aria-label': 'Your text, sentence by sentence' });
      var self = this;
      var focusables = [];
      paragraphs.forEach(function (paragraph) {
        var isHeading = paragraph.kind === 'heading';
        var start = Math.max(0, Number(paragraph.start) || 0);
        var end = Math.min(text.length, start + Math.max(0, Number(paragraph.length) || 0));
        var body = el('p', { className: 'para-text' });
        var cursor = start;
        (Array.isArray(paragraph.sentences) ? paragraph.sentences : []).forEach(function (index) {
          var sentence = sentences[index];
          if (!sentence) { return; }
          var sStart = Math.max(cursor, Number(sentence.start) || 0);
          var sEnd = Math.min(end, sStart + Math.max(0, Number(sentence.length) || 0));
          if (sStart > cursor) { body.append(text.slice(cursor, sStart)); }
          if (isHeading) {
            body.append(text.slice(sStart, sEnd));
          } else {
            var mode = modeOf(sentence.mode);
            var span = el('span', {
              className: 's m-' + mode, tabindex: '-1', 'data-mode': mode, 'data-category': sentence.category,
              'data-index': index, title: MODES[mode].label + ': ' + sentence.category + ' (' + pct(sentence.confidence) + '% sure)'
            },
              el('span', { className: 'tag', 'aria-hidden': 'true', text: MODES[mode].tag }),
              el('span', { className: 'sr-only', text: MODES[mode].label + ', ' + sentence.category + ': ' }),
              text.slice(sStart, sEnd));
            span.addEventListener('focus', self._describe.bind(self, sentence, mode));
            focusables.push(span);
            body.append(span);
          }
          cursor = Math.max(cursor, sEnd);
        });
        if (end > cursor) { body.append(text.slice(cursor, end)); }

        var mine = feedback.filter(function (item) { return paragraphOf(item) === paragraph.index; });
        var meta = isHeading ? null : el('span', { className: 'para-meta', text: 'Paragraph ' + (paragraph.index + 1) + ': mostly ' + MODES[modeOf(paragraph.mode)].label.toLowerCase() });
        var item = el('li', { className: 'para' + (isHeading ? ' heading' : ''), 'data-index': paragraph.index },
          el('div', null, meta, body),
          mine.length ? el('aside', { 'aria-label': 'Feedback on paragraph ' + (paragraph.index + 1) }, feedbackList(mine)) : el('div'));
        list.append(item);
      });
      // Roving focus: one tab stop for the text, arrow keys between sentences.
      if (focusables.length) { focusables[0].setAttribute('tabindex', '0'); }
      list.addEventListener('keydown', function (event) {
        var at = focusables.indexOf(event.target);
        if (at < 0) { return; }
        var next = at;
        if (event.key === 'ArrowRight' || event.key === 'ArrowDown') { next = Math.min(focusables.length - 1, at + 1); }
        else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') { next = Math.max(0, at - 1); }
        else if (event.key === 'Home') { next = 0; }
        else if (event.key === 'End') { next = focusables.length - 1; }
        else { return; }
        event.preventDefault();
        focusables[at].setAttribute('tabindex', '-1');
        focusables[next].setAttribute('tabindex', '0');
        focusables[next].focus();
      });
      return list;
    }

    _describe(sentence, mode) {
      var cues = Array.isArray(sentence.cues) ? sentence.cues.map(function (cue) { return cue.cue; }) : [];
      this._details.textContent = 'Sentence ' + (sentence.index + 1) + ': ' + MODES[mode].label.toLowerCase() + ' (' + sentence.category +
        ', ' + pct(sentence.confidence) + '% sure)' + (cues.length ? '; cues: ' + cues.join(', ') : '') + '.';
    }
  }

  /** The paragraph an item is shown beside, or null for the whole statement. */
  function paragraphOf(item) {
    return item.paragraph === null || item.paragraph === undefined ? null : item.paragraph;
  }

  function feedbackList(items) {
    var list = el('ul', { className: 'feedback' });
    items.forEach(function (item) {
      list.append(el('li', { 'data-kind': item.kind },
        el('span', { className: 'kind', text: FEEDBACK_KINDS[item.kind] || String(item.kind || 'Note') }),
        String(item.text || '')));
    });
    return list;
  }

  function meterRow(id, label, percent, className) {
    var fill = el('span');
    fill.style.width = percent + '%';
    return el('div', { className: 'meter-row ' + className },
      el('span', { id: id, text: label }),
      el('div', { className: 'meter', role: 'meter', 'aria-labelledby': id, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-valuetext': percent + '%' }, fill),
      el('span', { className: 'pct', 'aria-hidden': 'true', text: percent + '%' }));
  }

  window.customElements.define('reflective-feedback', ReflectiveFeedbackElement);
})();
