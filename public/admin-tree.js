/* global document, window, FormData */
// Progressive enhancement of the item tree (/admin/plans/:plan/items). Without JavaScript every
// action is a plain form. With it: 「上へ」「下へ」 reorder without reloading the page, and
// shortcuts inside an item — Alt+↑ / Alt+↓ reorder, Alt+N goes to the form that adds an item.
(function () {
  var tree = document.querySelector('[data-tree]');
  if (!tree || !window.fetch) return;
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  tree.parentNode.insertBefore(status, tree);

  function itemOf(node) {
    while (node && !(node.classList && node.classList.contains('admin-item'))) node = node.parentNode;
    return node;
  }
  function siblingItem(li, direction) {
    var n = direction === 'up' ? li.previousElementSibling : li.nextElementSibling;
    while (n && !(n.classList && n.classList.contains('admin-item'))) n = direction === 'up' ? n.previousElementSibling : n.nextElementSibling;
    return n;
  }

  tree.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList.contains('reorder-form')) return;
    var button = event.submitter;
    var direction = button && button.value === 'down' ? 'down' : 'up';
    var li = itemOf(form);
    var other = li && siblingItem(li, direction);
    event.preventDefault();
    if (!other) {
      status.textContent = direction === 'up' ? 'すでに先頭です' : 'すでに最後です';
      return;
    }
    var body = new FormData(form);
    body.set('direction', direction);
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (!result.ok) { status.textContent = result.message || '並べ替えできませんでした'; return; }
        if (direction === 'up') li.parentNode.insertBefore(li, other);
        else li.parentNode.insertBefore(other, li);
        var again = li.querySelector('button[data-reorder="' + direction + '"]');
        if (again) again.focus();
        status.textContent = '「' + (li.querySelector('.admin-item-link') || li).textContent + '」を' + (direction === 'up' ? '上' : '下') + 'へ移動しました';
      })
      .catch(function () { form.submit(); });
  });

  document.addEventListener('keydown', function (event) {
    if (!event.altKey) return;
    if (event.key === 'n' || event.key === 'N') {
      var parent = document.getElementById('parent');
      if (parent) { event.preventDefault(); parent.focus(); }
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    var li = itemOf(document.activeElement);
    if (!li || !tree.contains(li)) return;
    var button = li.querySelector('.item-actions button[data-reorder="' + (event.key === 'ArrowUp' ? 'up' : 'down') + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
