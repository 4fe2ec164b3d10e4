/* global document */
// Upload page of the Excel / CSV import: while the file is read and checked (a large workbook
// takes several seconds), show the status line and keep the form from being sent twice.
// Without JavaScript the form works the same, only without this indication.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('form[data-import-progress]').forEach(function (form) {
    form.addEventListener('submit', function () {
      var status = form.querySelector('[data-import-status]');
      var button = form.querySelector('button[type="submit"]');
      if (status) status.hidden = false;
      if (button) button.disabled = true;
    });
  });
});
