/* The sidebar toggles, on a phone and on the desktop (scripts/build_site.py, site/conf.py).
   pydata-sphinx-theme 0.20 and sphinx-book-theme 1.4 bind their handlers to the first
   .primary-toggle (.secondary-toggle) of the page, a navbar button the book theme hides; the
   button a reader sees, in the article header, gets none (pydata-sphinx-theme #2451,
   sphinx-book-theme #988). A click on any other toggle is passed on to the first, which opens
   the sidebar as a dialog on a phone and collapses it on a wide screen. */
(function () {
  function forward(selector) {
    var all = document.querySelectorAll(selector);
    for (var k = 1; k < all.length; k++) {
      all[k].addEventListener('click', function (event) {
        event.preventDefault();
        event.stopImmediatePropagation();
        all[0].click();
        this.setAttribute('aria-expanded', String(expanded(selector)));
      }, true);
    }
  }
  function expanded(selector) {
    var which = selector === '.primary-toggle' ? 'primary' : 'secondary';
    var modal = document.getElementById('pst-' + which + '-sidebar-modal');
    var sidebar = document.getElementById('pst-' + which + '-sidebar');
    return (modal && modal.open) || (sidebar && !sidebar.classList.contains('pst-sidebar-hidden')
                                     && sidebar.offsetParent !== null);
  }
  function start() { forward('.primary-toggle'); forward('.secondary-toggle'); }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
