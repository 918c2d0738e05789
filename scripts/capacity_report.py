"""docs/capacity.md from a capacity measurement (scripts/measure_capacity.py's result dict).

Every figure on the page comes from the measurement; the only planning choices are the
constants below (the server to plan for and what to keep free on it), and the page names them.
"""

from __future__ import annotations

import math
import statistics

PLAN_CORES, PLAN_RAM_GIB = 2, 24   # the course server the page plans for
SYSTEM_RESERVE_GIB = 2             # kept free for the operating system and file cache
GIB, MIB = 1024 ** 3, 1024 ** 2


def _quantile(values: list[float], q: float) -> float:
    """The *q* quantile (0..1) of *values*, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _times(values: list[float]) -> str:
    """'median / 95th percentile / max' of *values* in seconds."""
    return f"{statistics.median(values):.2f} s / {_quantile(values, 0.95):.2f} s / {max(values):.2f} s"


def _mib(values: list[int]) -> str:
    """'median (max)' of byte counts, in MiB."""
    return f"{statistics.median(values) / MIB:.0f} MiB (max {max(values) / MIB:.0f} MiB)"


def summary(result: dict) -> dict:
    """The page's derived figures: per-student memory, students per planned server, CPU per move."""
    pss = [m["pss"] for m in result["memory"]]
    per_student = max(pss)
    free = PLAN_RAM_GIB * GIB - SYSTEM_RESERVE_GIB * GIB - result["hub_memory"]["pss"]
    cpu = [c for run in result["runs"] for c in run["cpu_s"]]
    return {"per_student": per_student, "by_memory": int(free // per_student),
            "cpu_per_move": statistics.median(cpu), "moves_per_s": PLAN_CORES / statistics.median(cpu)}


def render(result: dict) -> str:
    """The Markdown page."""
    runs, n = result["runs"], result["students"]
    wall = [t for run in runs for t in run["in_kernel_s"]]
    trip = [t for run in runs for t in run["round_trip_s"]]
    machine, derived = result["machine"], summary(result)
    load = ", ".join(f"{x:.1f}" for x in machine["load_average"])
    start_per_student = result["servers_start_s"] / n
    return f"""# Capacity of one course server

Measured with `{result['command']}` (`make capacity`): the course hub of
`deploy/jupyterhub/` on this machine ({machine['cores']} cores, {machine['ram_bytes'] / GIB:.0f} GiB,
load average {load} from other work while it ran), {n} simulated students. All {n} servers start at
once; each student's kernel runs every code cell of `{result['notebook']}` (it builds the
slider panel), then all {n} move the panel's w5 slider at the same moment, {result['rounds']} times.
Raw figures: `build/capacity/capacity.json`. Everything below is measured, or computed from the
measurement as shown.

## Measured

| | |
|---|---|
| {n} servers started together | {result['servers_start_s']:.0f} s ({start_per_student:.1f} s per student) |
| the lecture notebook run in each kernel, median / max | {statistics.median(r['notebook_s'] for r in runs):.1f} s / {max(r['notebook_s'] for r in runs):.1f} s |
| memory per student, RSS of server + kernel | {_mib([m['rss'] for m in result['memory']])} |
| memory per student, PSS of server + kernel (shared pages split) | {_mib([m['pss'] for m in result['memory']])} |
| the hub, its proxy and the idle culler, PSS | {result['hub_memory']['pss'] / MIB:.0f} MiB |
| panel update inside the kernel (`panel.set`), {n} at once: median / 95% / max | {_times(wall)} |
| panel update as the student sees it (through the hub), {n} at once: median / 95% / max | {_times(trip)} |
| CPU time of one update (`process_time`), median | {derived['cpu_per_move'] * 1000:.0f} ms |
| kernel starts that failed and were retried (e.g. the kernel's TCP port taken by another kernel starting at the same moment) | {sum(r.get('failed_kernel_starts', 0) for r in runs)} of {n} |

## Students per {PLAN_CORES}-core / {PLAN_RAM_GIB} GB server

* **Memory**: {PLAN_RAM_GIB} GiB, less {SYSTEM_RESERVE_GIB} GiB kept for the system and the hub's
  {result['hub_memory']['pss'] / MIB:.0f} MiB, holds **{derived['by_memory']} students** at the largest
  measured student ({derived['per_student'] / MIB:.0f} MiB PSS, one lecture notebook open). Each
  further notebook a student keeps open adds a kernel; `c.Spawner.mem_limit` (`COURSE_MEM_LIMIT`)
  caps a runaway student only where the spawner enforces it (SystemdSpawner, DockerSpawner,
  KubeSpawner).
* **CPU**: one slider move costs {derived['cpu_per_move'] * 1000:.0f} ms of CPU, so {PLAN_CORES} cores
  do about {derived['moves_per_s']:.0f} moves per second in all; with {n} students moving at the same
  moment a move took {statistics.median(trip):.2f} s (median) to come back.
* **Starting**: servers started at {start_per_student:.1f} s per student when all start together; a
  class that logs in at the start of a lecture waits about that times the class size for the last
  server.

## When to move to Kubernetes

Move to Zero to JupyterHub (`deploy/zero-to-jupyterhub/values.yaml`) when the class is larger
than one server holds by memory ({derived['by_memory']} students here, fewer if students keep
several notebooks open), when the last student would wait too long at the start of a lecture
({start_per_student:.1f} s per student, measured), or when a memory limit must be enforced and the
server cannot run SystemdSpawner. Kubernetes adds nodes as students arrive and enforces
`singleuser.memory.limit` per pod; the exchange then lives on a shared volume.
"""
