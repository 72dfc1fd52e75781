// The lesson list: katas from /api/katas, notebooks from the contents API. Text only, never innerHTML.
(function () {
  'use strict';

  function csrfToken() {
    var match = document.cookie.split('; ').find(function (c) { return c.indexOf('rampart-csrf-' + window.location.port + '=') === 0; });
    return match ? match.substring(match.indexOf('=') + 1) : '';
  }

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) { throw new Error(url + ' answered ' + response.status); }
      return response.json();
    });
  }

  var status = document.getElementById('status');

  Promise.all([getJson('/api/katas'), getJson('/api/contents/notebooks').catch(function () { return { content: [] }; })])
    .then(function (results) {
      var katas = results[0];
      var notebooks = results[1].content || [];
      var body = document.querySelector('#katas tbody');
      katas.forEach(function (kata) {
        var row = document.createElement('tr');
        cell(row, String(kata.number));
        cell(row, kata.title + ' (' + kata.id + ')');
        cell(row, kata.lesson);
        cell(row, kata.sources);
        body.appendChild(row);
      });
      document.getElementById('katas').hidden = katas.length === 0;
      var list = document.getElementById('notebooks');
      notebooks.filter(function (n) { return n.type === 'notebook'; }).forEach(function (notebook) {
        var item = document.createElement('li');
        item.textContent = notebook.path;
        list.appendChild(item);
      });
      status.textContent = katas.length + ' katas, ' + notebooks.length + ' notebooks.';
    })
    .catch(function (error) { status.textContent = 'Could not load the lessons: ' + error.message; });

  document.getElementById('logout').addEventListener('click', function () {
    fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken() } })
      .then(function () { window.location.assign('/login'); });
  });
}());
