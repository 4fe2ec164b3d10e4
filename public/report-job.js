/* global document, window */
// Progress page of a report job: asks the status URL every second and updates the bar and the
// step in place; when the file is ready, shows the download button and starts the download once.
// Without JavaScript the page reloads itself every 2 seconds instead (<noscript> refresh).
// The words it writes come from the page (data-text-… on .report-job), in the page's language;
// the status URL of the page answers its step and error in that language too.
document.addEventListener('DOMContentLoaded', function () {
  var root = document.querySelector('.report-job[data-status-url]');
  if (!root) return;
  var url = root.getAttribute('data-status-url');
  var state = root.getAttribute('data-state');
  if (state !== 'queued' && state !== 'running') return;
  var bar = root.querySelector('progress');
  var percent = root.querySelector('.report-job-percent');
  var step = root.querySelector('.report-job-step');
  var heading = root.querySelector('h1');
  var download = root.querySelector('.report-job-download');
  var failed = root.querySelector('.report-job-failed');
  var error = root.querySelector('.report-job-error');
  var note = root.querySelector('.report-job-note');
  var misses = 0;
  function text(name) {
    return root.getAttribute('data-text-' + name) || '';
  }

  function sizeText(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  function show(status) {
    if (bar) {
      bar.max = status.total > 0 ? status.total : 100;
      bar.value = status.state === 'done' ? bar.max : status.done;
      bar.textContent = status.percent + '%';
    }
    if (percent) percent.textContent = (status.state === 'done' ? 100 : status.percent) + '%';
    if (status.state === 'done') {
      if (heading) heading.textContent = text('done-heading');
      if (step) step.textContent = text('done-step');
      if (note) note.hidden = true;
      if (download) {
        var link = download.querySelector('a');
        if (link && status.size) link.textContent = text('download') + text('size').replace('{size}', sizeText(status.size));
        download.hidden = false;
      }
      if (status.file) window.location.assign(status.file);
      return true;
    }
    if (status.state === 'failed') {
      if (heading) heading.textContent = text('failed-heading');
      if (step) step.textContent = '';
      if (note) note.hidden = true;
      if (error) error.textContent = status.error || '';
      if (failed) failed.hidden = false;
      return true;
    }
    if (step && status.step) step.textContent = status.step;
    return false;
  }

  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (status) {
        misses = 0;
        if (!show(status)) setTimeout(poll, 1000);
      })
      .catch(function () {
        // the server is restarting or the network is gone for a moment: try a little later, then reload
        misses += 1;
        if (misses > 5) window.location.reload();
        else setTimeout(poll, 2000);
      });
  }
  setTimeout(poll, 500);
});
