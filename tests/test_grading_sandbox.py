"""The autograde box (backprop_lessons/grading/sandbox.py): a real kernel started by it sees only its copy.

One kernel is started in the box from a submission folder inside a scratch course that holds a
source notebook, a gradebook and a classmate's folder, with a secret in the grader's environment
and a server listening on the grader's loopback. From inside, the kernel must find its own files
and nothing else; what it writes stays in the box; nbgrader's timeout interrupt stops a cell and
leaves the kernel alive. The whole course graded this way: tests/test_homework_grading.py.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import socket
import threading

import pytest

from backprop_lessons.grading import sandbox

CODE = """
import json, os, socket
found = {"cwd": os.getcwd(), "here": sorted(os.listdir(".")), "uid": os.getuid(), "env": sorted(os.environ)}
for name, path in PATHS.items():
    try:
        found[name] = os.listdir(path) if os.path.isdir(path) else len(open(path, "rb").read())
    except OSError as error:
        found[name] = type(error).__name__
try:
    socket.create_connection(("127.0.0.1", PORT), timeout=5).close()
    found["loopback"] = "connected"
except OSError as error:
    found["loopback"] = type(error).__name__
open("written-in-the-box.txt", "w").write("x")
print(json.dumps(found))
"""


def _course(root) -> dict:
    """A scratch course: source, gradebook, two students' folders; returns the paths by name."""
    own = root / "autograded" / "me" / "homework"
    other = root / "submitted" / "classmate" / "homework"
    for folder in (own, other, root / "source" / "homework"):
        folder.mkdir(parents=True)
    (own / "mine.ipynb").write_text("{}")
    (other / "theirs.ipynb").write_text("{}")
    (root / "source" / "homework" / "hw1.ipynb").write_text("{}")
    (root / "gradebook.db").write_text("grades")
    return {"own": own, "source": root / "source" / "homework" / "hw1.ipynb", "gradebook": root / "gradebook.db",
            "classmate": other, "course": root,
            "solutions": sandbox.Path(sandbox.__file__).parents[2] / "notebooks" / "homework" / "source"}


async def _run(km, code: str, timeout: float = 60) -> tuple[str, dict]:
    """Run `code` in the kernel; (what it printed, the reply's content)."""
    client = km.client()
    client.start_channels()
    printed: list[str] = []
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: printed.append(
            msg["content"].get("text", "")))
    finally:
        client.stop_channels()
    return "".join(printed), reply["content"]


@pytest.fixture(scope="module")
def inside(tmp_path_factory):
    """(what the boxed kernel found, the course paths): one kernel started in the box."""
    paths = _course(tmp_path_factory.mktemp("course"))
    server = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=lambda: server.accept(), daemon=True).start()

    async def main():
        km = sandbox.SandboxedKernelManager(kernel_name="python3")
        env = {**os.environ, "GRADER_SECRET": "s3cret", "NBGRADER_EXECUTION": "autograde"}
        await km.start_kernel(cwd=str(paths["own"]), env=env)
        try:
            checks = {name: str(path) for name, path in paths.items() if name != "own"}
            out, _ = await _run(km, f"PATHS = {checks!r}\nPORT = {server.getsockname()[1]}\n{CODE}")
            client = km.client()    # a cell that never ends, stopped as nbgrader's timeout does
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            client.execute("import time\nwhile True:\n    time.sleep(0.05)")
            await asyncio.sleep(1)
            await km.interrupt_kernel()
            interrupted = (await client.get_shell_msg(timeout=60))["content"].get("ename")
            client.stop_channels()
            after, _ = await _run(km, "print('still here')")
            return {**json.loads(out), "interrupted": interrupted, "after": after.strip(),
                    "box": km._box}
        finally:
            await km.shutdown_kernel(now=True)

    with concurrent.futures.ThreadPoolExecutor(1) as thread:    # its own event loop, whatever runs in this one
        found = thread.submit(asyncio.run, main()).result()
    server.close()
    return found, paths


def test_the_kernel_sees_its_own_submission_and_nothing_of_the_course(inside) -> None:
    found, paths = inside
    assert found["cwd"] == "/home/student/homework" and found["here"] == ["mine.ipynb"]
    for name in ("source", "gradebook", "classmate", "course", "solutions"):
        assert found[name] in ("FileNotFoundError", "PermissionError"), f"{name}: {found[name]}"


def test_the_kernel_runs_as_a_plain_user_without_the_graders_environment_or_network(inside) -> None:
    found, _paths = inside
    assert found["uid"] == sandbox.UID
    assert "GRADER_SECRET" not in found["env"] and "NBGRADER_EXECUTION" in found["env"]
    assert found["loopback"] in ("ConnectionRefusedError", "OSError", "TimeoutError"), found["loopback"]


def test_what_the_kernel_writes_stays_in_the_box_and_the_box_is_removed(inside) -> None:
    found, paths = inside
    assert not (paths["own"] / "written-in-the-box.txt").exists()
    assert not found["box"].exists()


def test_a_timeout_interrupt_stops_the_cell_and_keeps_the_kernel(inside) -> None:
    found, _paths = inside
    assert found["interrupted"] == "KeyboardInterrupt" and found["after"] == "still here"


def test_without_bubblewrap_grading_stops_with_one_line(monkeypatch) -> None:
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    with pytest.raises(sandbox.SandboxUnavailable, match=r"^autograde sandbox: bubblewrap \(bwrap\) is not installed"):
        sandbox.SandboxedKernelManager(kernel_name="python3")
