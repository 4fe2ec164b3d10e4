/* global document, window */
// Progressive enhancement of the entry form: as a figure is typed, the server's own reader
// (the same parser that checks the saved form) says how it reads it, or why it cannot.
// Without JavaScript the form works the same; the server checks everything on save.
(function () {
  var form = document.querySelector('form[data-parse-url]');
  if (!form || !window.fetch) return;
  var url = form.getAttribute('data-parse-url');
  var timers = {};
  form.querySelectorAll('input[data-figure]').forEach(function (input) {
    var hint = document.getElementById(input.id + '-hint');
    input.addEventListener('input', function () {
      clearTimeout(timers[input.id]);
      timers[input.id] = setTimeout(function () {
        var text = input.value.trim();
        if (!text) { input.removeAttribute('aria-invalid'); return; }
        fetch(url + '?text=' + encodeURIComponent(text), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
          .then(function (r) { return r.json(); })
          .then(function (result) {
            if (result.ok) { input.removeAttribute('aria-invalid'); hint.textContent = '読み取り: ' + result.reading; }
            else { input.setAttribute('aria-invalid', 'true'); hint.textContent = result.message; }
          })
          .catch(function () { /* the server checks on save */ });
      }, 300);
    });
  });
})();
