/* A formula wider than its paragraph (on a phone) scrolls inside the paragraph instead of being
   cut off at the page's edge: once MathJax has typeset the page, each paragraph, list item or
   table cell holding a formula that does not fit becomes a scrolling region that the keyboard
   can reach too (site/_static/course.css, .bl-wide-math). Checked again when the page is resized. */
(function () {
  var count = 0;
  function mark() {
    document.querySelectorAll('mjx-container').forEach(function (math) {
      var block = math.closest('p, li, td, th, dd, .math, .admonition, blockquote') || math.parentElement;
      if (!block || block.classList.contains('bl-wide-math')) { return; }
      if (math.getBoundingClientRect().right > block.getBoundingClientRect().right + 1 ||
          block.scrollWidth > block.clientWidth + 1) {
        count += 1;
        block.classList.add('bl-wide-math');
        block.setAttribute('tabindex', '0');
        block.setAttribute('role', 'region');
        block.setAttribute('aria-label', 'wide formula ' + count + ', scroll sideways');
      }
    });
  }
  function start() {
    var ready = window.MathJax && MathJax.startup && MathJax.startup.promise;
    (ready ? MathJax.startup.promise : Promise.resolve()).then(mark);
    window.addEventListener('resize', mark);
  }
  if (document.readyState === 'complete') { start(); } else { window.addEventListener('load', start); }
})();
