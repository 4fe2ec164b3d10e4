/* global document, window, FormData */
// Live preview on the item page (/admin/plans/:plan/items/:itemCode): as a target or an
// indicator's settings are edited, the server's judgement engine says which rate and grade the
// existing values would get — nothing is saved. Without JavaScript the 「プレビュー」 button
// does the same with a page reload.
(function () {
  if (!window.fetch) return;
  document.querySelectorAll('form[data-preview-url]').forEach(function (form) {
    var timer = null;
    function slot() {
      var next = form.nextElementSibling;
      if (next && next.hasAttribute('data-preview-slot')) return next;
      var created = document.createElement('div');
      created.className = 'preview-slot';
      created.setAttribute('data-preview-slot', '');
      created.setAttribute('aria-live', 'polite');
      form.parentNode.insertBefore(created, form.nextSibling);
      return created;
    }
    function run() {
      var body = new FormData(form);
      body.set('action', 'preview');
      fetch(form.getAttribute('data-preview-url'), { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : ''; })
        .then(function (html) { if (html) slot().innerHTML = html; })
        .catch(function () { /* the button still works */ });
    }
    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 400);
    });
    form.addEventListener('click', function (event) {
      var button = event.target.closest('button[value="preview"]');
      if (!button) return;
      event.preventDefault();
      run();
    });
  });
})();
