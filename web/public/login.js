// Shows why the last attempt failed; the page works without it.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var message = document.getElementById('message');
  if (params.has('failed')) {
    message.textContent = 'That token was not accepted. Copy it again from the terminal where the server started.';
    message.hidden = false;
  } else if (params.has('wait')) {
    message.textContent = 'Too many wrong tokens. Wait a minute, then try again with the URL the server printed.';
    message.hidden = false;
  }
  document.getElementById('token').focus();
}());
