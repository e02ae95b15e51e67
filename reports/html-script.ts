// The report's one inline script: the findings filters and search, and opening every disclosure for
// printing. Progressive enhancement only: with JavaScript off the filters stay hidden and every finding
// is listed. The CSP admits it by hash (html-style.ts); it loads nothing.
export const SCRIPT = `(function () {
  var form = document.getElementById('filters');
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = [].slice.call(document.querySelectorAll('details:not([open])'));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  if (!form) return;
  var checks = [].slice.call(document.querySelectorAll('#findings article.check'));
  var groups = [].slice.call(document.querySelectorAll('#findings [data-severity-group]'));
  var status = document.getElementById('filter-status');
  function value(name) { return form.elements[name].value; }
  function has(text, q) { return text.toLowerCase().indexOf(q) >= 0; }
  function apply() {
    var area = value('area'), severity = value('severity'), outcome = value('outcome');
    var requirement = value('requirement'), q = value('q').trim().toLowerCase();
    var shownChecks = 0, shownFindings = 0, allFindings = 0;
    checks.forEach(function (c) {
      var ok = (!area || c.dataset.area === area) && (!severity || c.dataset.severity === severity) &&
        (!outcome || c.dataset.outcome === outcome) &&
        (!requirement || (' ' + c.dataset.requirements + ' ').indexOf(' ' + requirement + ' ') >= 0);
      var items = [].slice.call(c.querySelectorAll('[data-finding]'));
      allFindings += items.length;
      var head = !q || has(c.querySelector('.check-head').textContent, q);
      var any = false;
      items.forEach(function (f) {
        var match = ok && (head || has(f.querySelector('summary').textContent, q));
        f.hidden = !match;
        if (match) { any = true; shownFindings++; }
      });
      var visible = ok && (head || any);
      c.hidden = !visible;
      if (visible) shownChecks++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('article.check:not([hidden])'); });
    status.textContent = shownChecks + ' of ' + checks.length + ' checks, ' + shownFindings + ' of ' + allFindings + ' findings shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  form.hidden = false;
  apply();
})();`;
