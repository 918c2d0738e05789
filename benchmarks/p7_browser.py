"""P7: a key press on w5 until the panel's numbers AND figure have both changed, in JupyterLab in Chromium.

One JupyterLab and one headless Chromium (the browser tests' own start-up code) open a
notebook holding two panels of notebook 3's round (same steps, same diagram):
  * ours: round_panel(sections=...), the figure an SVG Image updated in place;
  * naive: the same table and diagram written the usual way, with `interact` (clear the
    output, draw a new pyplot figure, the inline backend sends a PNG).
For each press the page itself notes the time of the keydown it dispatches on the slider
handle, then waits (MutationObserver + animation frame) until the table's text has changed
and a new figure image has loaded, and notes the time again. Presses alternate right and
left; the two panels take turns. Reported, from one run:
  * naive / ours, medians of the browser round trip (goal >= 3);
  * ours in the browser / the kernel's own update (panel.set(w5=...) timed in the kernel)
    (goal <= 1.5: transport and drawing add little).
Non-goal: a general browser benchmark; this measures the one panel the issue names.
"""
from __future__ import annotations

import importlib.util
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

from .timing import Result

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("Chain rule for w5", "Delta rule", "Updating the weights")
OURS = f"""from backprop_lessons import round_panel
panel = round_panel(sections={SECTIONS!r})
panel"""
NAIVE = f"""import matplotlib.pyplot as plt
from IPython.display import HTML, display
from ipywidgets import FloatSlider, interact
from backprop_lessons import draw_network, html_table, lecture_data, lecture_network, worked_round
from backprop_lessons.panels.round import round_rows

def naive(w5):
    steps = [s for s in worked_round({{"w5": w5}}).steps if s.section.startswith({SECTIONS!r})]
    display(HTML(html_table(round_rows(steps), ("quantity", "formula", "value"))))
    fig, ax = plt.subplots(figsize=(7.3, 4.9))
    draw_network(lecture_network({{"w5": w5}}), *lecture_data(), show_gradients=True, ax=ax)
    plt.show()

interact(naive, w5=FloatSlider(value=0.4, min=-2.0, max=2.0, step=0.01, description="w5"));"""
KERNEL = """import statistics, time
times = []
for k in range({n}):
    start = time.perf_counter(); panel.set(w5=0.4 + 0.01 * (k % 2)); times.append(time.perf_counter() - start)
print("KERNEL_MS", statistics.median(times) * 1000)"""
# In the page: press a key on the handle, resolve with the milliseconds until numbers and figure changed.
PRESS = """async (cell, key) => {
  const area = cell.querySelector('.jp-OutputArea');
  const table = () => (area.querySelector('table') || {}).textContent;
  const image = () => [...area.querySelectorAll('img')].map(i => i.src).join();
  const before = [table(), image()];
  const handle = area.querySelector('.noUi-handle');
  const images = () => [...area.querySelectorAll('img')];
  const done = () => table() !== before[0] && image() !== before[1] && area.querySelector('table')
      && images().length > 0 && images().every(i => i.complete && i.naturalWidth > 0);
  const start = performance.now();
  handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
  await new Promise(resolve => {
    const check = () => { if (done()) { observer.disconnect(); requestAnimationFrame(() => resolve()); } };
    const observer = new MutationObserver(check);
    observer.observe(area, {subtree: true, childList: true, attributes: true, characterData: true});
    const poll = setInterval(() => { if (done()) { clearInterval(poll); check(); } }, 5);
  });
  return performance.now() - start;
}"""


def figure_formats(renders: int = 9) -> str:
    """What was tried for the live figure: the diagram as PNG (the inline backend's way) and as SVG."""
    import time
    from backprop_lessons.panels.round import round_panel
    view = round_panel(sections=SECTIONS).views[0]
    said = []
    for name, render in (("PNG", view.png), ("SVG with text left to the browser", view.svg)):
        times = []
        for _ in range(renders):
            start = time.perf_counter()
            size = len(render())
            times.append(time.perf_counter() - start)
        said.append(f"{name} {size / 1000:.0f} kB in {statistics.median(times) * 1000:.0f} ms")
    return ("Tried for the diagram, rendered in the kernel (median of "
            f"{renders}): {'; '.join(said)}. The panel sends the SVG, only when its bytes changed "
            "(traitlets sends changed values only), and the table as one HTML string; sliders send a "
            "value per key press, not while first drawn. Not tried: drawing in the browser (a custom "
            "front-end widget).")


def _browser_tools():
    """tests/browser/conftest.py (JupyterLab start and stop, Chromium flags), loaded by path."""
    path = ROOT / "tests" / "browser" / "conftest.py"
    spec = importlib.util.spec_from_file_location("browser_conftest", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    sys.modules[spec.name] = module   # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def run(presses: int = 25) -> list[Result]:
    """Time `presses` key presses on each panel; report the two ratios against their goals."""
    titles = ("browser: naive interact / our panel (key press to numbers + figure)",
              "browser round trip / kernel update (our panel)")
    if presses == 0:
        return [Result("P7 vs interact", titles[0], None, 3.0, "higher", detail="not run in this profile"),
                Result("P7 transport", titles[1], None, 1.5, "lower", detail="not run in this profile")]
    ours, naive, kernel = measure(presses)
    detail = (f"{presses} presses each, medians: ours {statistics.median(ours):.0f} ms, naive "
              f"{statistics.median(naive):.0f} ms, kernel's own update {kernel:.0f} ms. {figure_formats()}")
    return [Result("P7 vs interact", titles[0], statistics.median(naive) / statistics.median(ours), 3.0,
                   "higher", detail=detail),
            Result("P7 transport", titles[1], statistics.median(ours) / kernel, 1.5, "lower", detail=detail)]


def measure(presses: int) -> tuple[list[float], list[float], float]:
    """Browser milliseconds per press for ours and naive, and the kernel's median update in ms."""
    from playwright.sync_api import sync_playwright
    tools = _browser_tools()
    import lab   # tests/browser/lab.py: open a notebook, run it, wait for the kernel
    with tempfile.TemporaryDirectory() as base:
        server = tools._start_lab(Path(base), Path(base) / "lab.log")
        try:
            notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in (OURS, NAIVE)])
            notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nbformat.write(notebook, str(server.root / "_bench.ipynb"))
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(tools.CHROMIUM), args=tools.CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                lab.open_notebook(page, server, "_bench.ipynb")
                lab.run_all(page)
                cells = page.locator(f"{lab.NOTEBOOK} .jp-CodeCell")
                page.wait_for_function("c => c.querySelectorAll('.jp-OutputArea img').length > 0",
                                       arg=cells.nth(1).element_handle(), timeout=120_000)
                times = {0: [], 1: []}
                for k in range(presses + 2):   # the first two presses warm up
                    for which in (0, 1):
                        key = "ArrowRight" if k % 2 == 0 else "ArrowLeft"
                        took = cells.nth(which).evaluate(PRESS, key)
                        lab.wait_kernel_idle(page)
                        page.wait_for_timeout(100)
                        if k >= 2:
                            times[which].append(took)
                kernel = _kernel_ms(page, presses)
                browser.close()
        finally:
            tools._stop(server.process)
    return times[0], times[1], kernel


def _kernel_ms(page, presses: int) -> float:
    """Run panel.set(w5=...) in the kernel `presses` times; its printed median in ms."""
    import lab
    last = page.locator(f"{lab.NOTEBOOK} .jp-Cell").last
    last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(KERNEL.format(n=presses))
    page.keyboard.press("Shift+Enter")
    printed = page.locator(f"{lab.NOTEBOOK} .jp-OutputArea-output", has_text="KERNEL_MS")
    printed.wait_for(timeout=120_000)
    return float(printed.inner_text().split("KERNEL_MS")[1].split()[0])
