#!/usr/bin/env python3
"""How many students one course server holds: measured with simulated students on the course hub.

The course hub (deploy/jupyterhub/, started by scripts/local_hub.py on 127.0.0.1) gets N students
(default 20). All their servers start at once; each student's kernel then runs every code cell of
a lecture notebook (default notebooks/03-the-output-layer.ipynb, which builds a slider panel),
and all students move the panel's w5 slider at the same moment (``panel.set(w5=...)``), a few
rounds. Measured:

* memory per student: RSS and PSS (shared pages split between processes) of the student's
  single-user server plus its kernel, after the notebook ran; and of the hub and its proxy;
* the panel's update time: inside the kernel (``panel.set`` alone) and as the student sees it
  (request through the hub's proxy to the reply), with every student moving at once;
* how long the servers and the notebook runs took.

Results go to build/capacity/capacity.json and, rendered, to docs/capacity.md (``--doc``).
Usage: ``make capacity`` or ``python scripts/measure_capacity.py --students 20 --rounds 5``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
import websocket

sys.path.insert(0, str(Path(__file__).resolve().parent))
import local_hub  # noqa: E402  (scripts/local_hub.py: the course hub on loopback)
from capacity_report import render  # noqa: E402  (the page docs/capacity.md)

ROOT = local_hub.ROOT
OUT = ROOT / "build" / "capacity"
MOVE = ("import time as _t\n_c = panel.controls['w5']\n_v = _c.min + {k} * (_c.max - _c.min) / {n}\n"
        "_s, _p = _t.perf_counter(), _t.process_time(); panel.set(w5=_v)\n"
        "print(_t.perf_counter() - _s, _t.process_time() - _p)")


class Kernel:
    """A kernel on a student's server, driven over its websocket through the hub's proxy."""

    def __init__(self, server: local_hub.UserServer, timeout: float):
        self.server, self.session = server, uuid.uuid4().hex
        self.id = server.call("POST", "api/kernels", json={"name": "python3"})["id"]
        url = server.url.replace("http://", "ws://") + f"api/kernels/{self.id}/channels"
        token = server.session.headers["Authorization"]
        self.ws = websocket.create_connection(url, header=[f"Authorization: {token}"],
                                              timeout=timeout)

    def run(self, code: str) -> str:
        """Execute *code*; its printed output. RuntimeError naming the error if it raised."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                       "username": self.server.name, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        printed, replied, idle = [], False, False
        while not (replied and idle):
            opcode, data = self.ws.recv_data()
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue  # widget messages with binary buffers: not what we wait for
            msg = json.loads(data)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                raise RuntimeError(f"{self.server.name}: {content['ename']}: {content['evalue']}")
            replied |= kind == "execute_reply"
            idle |= kind == "status" and content["execution_state"] == "idle"
        return "".join(printed)


def memory(pid: int) -> dict[str, int]:
    """RSS and PSS in bytes of process *pid* and all its descendants (a server and its kernels)."""
    processes = [psutil.Process(pid)] + psutil.Process(pid).children(recursive=True)
    infos = [p.memory_full_info() for p in processes]
    return {"rss": sum(i.rss for i in infos), "pss": sum(i.pss for i in infos),
            "processes": len(processes)}


class StartLine:
    """Lets every student start a step at the same moment, like threading.Barrier, except that a
    waiting student keeps its kernel's websocket alive (the server closes one that does not
    answer its pings) and that a failed student releases the others at once."""

    def __init__(self, parties: int):
        """A start line for *parties* students."""
        self.parties, self.arrived, self.broken = parties, 0, False
        self.condition = threading.Condition()

    def wait(self, step: int, keepalive, timeout: float) -> None:
        """Arrive for *step* (1, 2, ...); return when all have arrived; call *keepalive* meanwhile."""
        with self.condition:
            self.arrived += 1
            self.condition.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            with self.condition:
                if self.broken:
                    raise RuntimeError("another student failed")
                if self.arrived >= self.parties * step:
                    return
                self.condition.wait(timeout=15)
            if time.monotonic() > deadline:
                raise RuntimeError("timed out waiting for the other students")
            keepalive()

    def abort(self) -> None:
        """Release every waiting student with an error."""
        with self.condition:
            self.broken = True
            self.condition.notify_all()


def open_kernel(server: local_hub.UserServer, timeout: float, attempts: int = 3) -> tuple[Kernel, int]:
    """A kernel that answers, and how many starts failed first.

    With many kernels starting at once on one machine, a kernel can lose its TCP port to another
    one starting at the same moment ("Address already in use") and die; the student (and this
    script) then opens a new one.
    """
    for failed in range(attempts):
        try:
            kernel = Kernel(server, timeout)
            kernel.run("pass")
            return kernel, failed
        except (websocket.WebSocketException, RuntimeError, local_hub.HubError):
            if failed == attempts - 1:
                raise
    raise AssertionError("unreachable")


def simulate(hub, name: str, cells: list[str], rounds: int, barrier, timeout: float) -> dict:
    """One student: open a kernel, run the lecture notebook, then move the slider *rounds* times."""
    try:
        return _simulate(hub, name, cells, rounds, barrier, timeout)
    except BaseException:
        barrier.abort()  # the others stop waiting for this student
        raise


def _simulate(hub, name: str, cells: list[str], rounds: int, barrier, timeout: float) -> dict:
    """simulate() without the clean-up."""
    kernel, failed_starts = open_kernel(hub.user_server(name), timeout)
    started = time.monotonic()
    for code in cells:
        kernel.run(code)
    result = {"notebook_s": time.monotonic() - started, "in_kernel_s": [], "cpu_s": [],
              "round_trip_s": [], "failed_kernel_starts": failed_starts}
    for k in range(1, rounds + 1):
        barrier.wait(k, lambda: kernel.run("pass"), timeout)  # everybody moves at the same moment
        started = time.monotonic()
        printed = kernel.run(MOVE.format(k=k, n=rounds + 1))
        result["round_trip_s"].append(time.monotonic() - started)
        wall, cpu = (float(word) for word in printed.split()[-2:])
        result["in_kernel_s"].append(wall)
        result["cpu_s"].append(cpu)
    kernel.ws.close()
    return result


def measure(students: int, rounds: int, notebook: Path, timeout: float) -> dict:
    """Start the hub, run the simulated class, measure; the hub is stopped whatever happens."""
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    names = [f"student{n:02d}" for n in range(1, students + 1)]
    base = Path(tempfile.mkdtemp(prefix="capacity-hub-"))
    hub = local_hub.LocalHub(base, OUT / "jupyterhub.log", {
        "COURSE_INSTRUCTORS": "", "NBGRADER_EXCHANGE": str(base / "exchange")})
    try:
        hub.start()
        hub.create_users(names)
        started = time.monotonic()
        hub.start_servers(names, timeout=timeout)
        start_s = time.monotonic() - started
        barrier = StartLine(students)
        with ThreadPoolExecutor(max_workers=students) as pool:
            runs = list(pool.map(lambda n: simulate(hub, n, cells, rounds, barrier, timeout), names))
        per_student = [memory(hub.server_pids[n]) for n in names]
        hub_memory = memory(hub.process.pid)  # the hub, its proxy and the idle culler
        hub_memory = {k: v - sum(m[k] for m in per_student) for k, v in hub_memory.items()
                      if k != "processes"}
    finally:
        hub.stop()
        shutil.rmtree(base, ignore_errors=True)
    return {"students": students, "rounds": rounds, "notebook": notebook.relative_to(ROOT).as_posix(),
            "servers_start_s": start_s, "runs": runs, "memory": per_student, "hub_memory": hub_memory,
            "machine": {"cores": psutil.cpu_count(), "ram_bytes": psutil.virtual_memory().total,
                        "load_average": os.getloadavg()}}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20, help="simulated students (default 20)")
    parser.add_argument("--rounds", type=int, default=5, help="slider moves per student (default 5)")
    parser.add_argument("--notebook", type=Path, default=ROOT / "notebooks" / "03-the-output-layer.ipynb",
                        help="the lecture notebook each kernel runs (it must define `panel`)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for any one wait")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "capacity.md",
                        help="where the page goes (default docs/capacity.md)")
    args = parser.parse_args(argv)
    if args.students < 1 or args.rounds < 1:
        parser.error("--students and --rounds must be at least 1")
    if not args.notebook.is_file():
        parser.error(f"--notebook: no such notebook: {args.notebook}")
    if not os.access(local_hub.PROXY, os.X_OK):
        print(f"measure_capacity: {local_hub.PROXY} is missing: run scripts/ensure-hub.sh", file=sys.stderr)
        return 2
    command = "python scripts/measure_capacity.py " + " ".join(argv if argv is not None else sys.argv[1:])
    try:
        result = measure(args.students, args.rounds, args.notebook.resolve(), args.timeout)
    except (local_hub.HubError, RuntimeError, OSError, websocket.WebSocketException) as exc:
        print(f"measure_capacity: {exc} (hub log: {OUT / 'jupyterhub.log'})", file=sys.stderr)
        return 1
    result["command"] = command.strip()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "capacity.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    args.doc.write_text(render(result), encoding="utf-8")
    print(f"wrote {OUT / 'capacity.json'} and {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
