/* global document, window, URLSearchParams, FormData, AbortController, DOMParser, history */
// Progressive enhancement only: every page works without this file.
// Search: changing a filter refreshes the results (fetch of the same GET URL) and the address bar,
// so the URL stays shareable; submitting still works as a normal GET form.
(function () {
  'use strict';
  var form = document.querySelector('form[data-enhance="search"]');
  if (!form || !window.fetch || !window.URLSearchParams || !window.DOMParser) return;
  var results = document.getElementById('search-results');
  var pending = null;
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    var empty = [];
    params.forEach(function (value, key) { if (value === '') empty.push(key); });
    empty.forEach(function (key) { params.delete(key); });
    var url = form.getAttribute('action') + (params.toString() ? '?' + params.toString() : '');
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { accept: 'text/html' } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('search-results');
        if (fresh && results) {
          results.innerHTML = fresh.innerHTML;
          history.replaceState(null, '', url);
        }
      })
      .catch(function () { /* leave the page as it is; the submit button still works */ });
  }
  form.addEventListener('change', function (event) {
    if (event.target && event.target.name !== 'q') refresh();
  });
})();
