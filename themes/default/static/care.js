/* 关怀模式 (care mode, SPEC section 9): larger text, stronger contrast and
   larger targets for older readers, remembered from page to page.

   Loaded in <head> without `defer`, so that the class is on <html> before
   the first paint (no flash of the normal page). Without JavaScript the
   header's button keeps its `hidden` attribute and the page is the normal
   one. The mode lives in localStorage under `qaward-care`; a browser that
   refuses storage (private mode, file://) still toggles the page it shows. */
(function () {
  'use strict';
  var KEY = 'qaward-care';
  var html = document.documentElement;
  var on = false;
  try {
    on = window.localStorage.getItem(KEY) === 'on';
  } catch (e) {
    on = false;
  }
  if (on) html.classList.add('care');

  function wire() {
    var button = document.getElementById('care-toggle');
    if (!button) return;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.hidden = false;
    button.addEventListener('click', function () {
      on = !on;
      html.classList.toggle('care', on);
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      try {
        if (on) window.localStorage.setItem(KEY, 'on');
        else window.localStorage.removeItem(KEY);
      } catch (e) {
        /* storage refused: the mode holds for this page only */
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
})();
