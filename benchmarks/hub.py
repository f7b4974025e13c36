"""(f) A class on one JupyterHub: how many students at once this machine holds (docs/JUPYTERHUB.md).

The set-up of tests/hub (real system users, configurable-http-proxy), but with the hub as root and
LocalProcessSpawner, as on TLJH (tests/hub runs the hub unprivileged with sudospawner). The class
grows in steps (1, 4, 8, 16, ...): at each step that many new students start their server at the
same moment, open the Bogardus workbook and run it cell by cell over the kernel websocket. Per step:

* time to a ready workbook per student (server start + open + every cell run), p50 and p95, and as a
  ratio against one student alone measured in the same run;
* memory per student with the workbook open: RSS of that user's processes (single-user server +
  kernel) from /proc, and PSS (shared library pages divided among the processes sharing them),
  which is what really adds up on a server;
* the hub and its proxy, once.

It stops at the step where p95 exceeds DEGRADED x the single-student time, when free memory gets
low, or when the next step would not fit the time budget (BENCH_HUB_BUDGET seconds, default 540).
Run as root (it makes and removes system users); otherwise it says why it skips.
"""
from __future__ import annotations

import asyncio
import itertools
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.hub.harness import Hub, create_user, memory_bytes, remove_user, rss_bytes, run_async  # noqa: E402
from tests.hub.hubenv import HubEnvUnavailable, ensure, why_unavailable  # noqa: E402

NOTEBOOK = "werkboeken/01_sociale_afstand.ipynb"
STEPS = [int(s) for s in os.environ.get("BENCH_HUB_STEPS", "1,4,8,16,32,48,64").split(",")]
BUDGET = float(os.environ.get("BENCH_HUB_BUDGET", "540"))
DEGRADED = 10.0       # p95 time to a ready workbook, as a multiple of one student alone
MIN_FREE = 2 << 30    # stop before the machine has less than 2 GiB available
MiB = 1 << 20


def progress(text: str) -> None:
    print(text, flush=True)


def pss_bytes(uid: int) -> int:
    return memory_bytes(uid, field="Pss", source="smaps_rollup")


def kernel_rss_bytes(uid: int) -> int:
    """The part of rss_bytes(uid) that is the kernel (ipykernel) rather than the single-user server."""
    return memory_bytes(uid, only=b"ipykernel")


def available_bytes() -> int:
    with open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _one_student(hub: Hub, name: str, ready: asyncio.Event, release: asyncio.Event) -> dict:
    await hub.admin("POST", f"/users/{name}")
    start = time.perf_counter()
    await hub.spawn(name, timeout=600)
    spawned = time.perf_counter() - start
    session = await hub.session(name, await hub.user_token(name))
    model = await session.api("GET", f"/contents/{NOTEBOOK}")
    kernel = await session.open_notebook(NOTEBOOK)
    await kernel.run_notebook(model["content"])
    total = time.perf_counter() - start
    ready.set()
    await release.wait()  # memory is measured while every student still has the workbook open
    await kernel.close()
    return {"name": name, "spawn": spawned, "ready": total}


async def _step(hub: Hub, names: list[str], uids: dict[str, int]) -> tuple[list[dict], list[int], list[int], list[int]]:
    release = asyncio.Event()
    events = [asyncio.Event() for _ in names]
    tasks = [asyncio.create_task(_one_student(hub, n, e, release)) for n, e in zip(names, events)]
    all_ready = asyncio.ensure_future(asyncio.gather(*(e.wait() for e in events)))
    while not all_ready.done():
        await asyncio.wait([all_ready, *tasks], return_when=asyncio.FIRST_COMPLETED)
        failed = [t for t in tasks if t.done() and t.exception()]
        if failed:
            release.set()
            all_ready.cancel()
            raise failed[0].exception()
    await asyncio.sleep(1.0)  # let the kernels settle after their last cell
    rss = [rss_bytes(uids[n]) for n in names]
    pss = [pss_bytes(uids[n]) for n in names]
    kernel = [kernel_rss_bytes(uids[n]) for n in names]
    release.set()
    results = await asyncio.gather(*tasks)
    await asyncio.gather(*(hub.admin("DELETE", f"/users/{n}/server") for n in names))
    return list(results), rss, pss, kernel


def bench_hub() -> list[dict]:
    progress("(f) a class on one JupyterHub: students starting and running workbook 01 at the same moment")
    reason = why_unavailable()
    if reason:
        progress(f"  skipped: {reason}")
        return []
    try:
        env = ensure()
    except HubEnvUnavailable as exc:
        progress(f"  skipped: server venv or proxy could not be built: {str(exc).splitlines()[0]}")
        return []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped bench still removes its users
    tag = secrets.token_hex(2)
    folder = Path(tempfile.mkdtemp(prefix="werkboek-hubbench-"))
    os.chmod(folder, 0o1777)
    hub = Hub(env, handin_folder=str(folder))
    began = time.perf_counter()
    rows: list[dict] = []
    made: list[str] = []
    counter = itertools.count()
    try:
        hub.start()
        hub_rss = _tree_rss([hub.process.pid])
        progress(f"  hub + proxy: {hub_rss / MiB:.0f} MiB RSS; budget {BUDGET:.0f} s; steps {STEPS}; "
                 f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        baseline = None
        last_time = None
        for n in STEPS:
            spent = time.perf_counter() - began
            if last_time is not None and spent + last_time * (n / rows[-1]["n"]) * 1.3 > BUDGET:
                progress(f"  stop before {n}: the next step would not fit the {BUDGET:.0f} s budget")
                break
            names = [f"swb{tag}u{next(counter)}" for _ in range(n)]
            uids = {}
            for name in names:
                uids[name] = create_user(name).pw_uid
                made.append(name)
            t0 = time.perf_counter()
            results, rss, pss, kernel = run_async(_step(hub, names, uids))
            last_time = time.perf_counter() - t0
            ready = [r["ready"] for r in results]
            spawn = [r["spawn"] for r in results]
            if baseline is None:
                baseline = statistics.median(ready)
            row = {"n": n, "p50": percentile(ready, 0.5), "p95": percentile(ready, 0.95),
                   "spawn_p50": percentile(spawn, 0.5), "rss": statistics.mean(rss), "rss_max": max(rss),
                   "pss": statistics.mean(pss), "kernel": statistics.mean(kernel), "available": available_bytes(), "wall": last_time}
            rows.append(row)
            progress(f"  {n:>3} students: ready p50 {row['p50']:.1f} s, p95 {row['p95']:.1f} s "
                     f"(x{row['p95'] / baseline:.1f} of one alone; server start p50 {row['spawn_p50']:.1f} s); "
                     f"memory per student RSS {row['rss'] / MiB:.0f} MiB (max {row['rss_max'] / MiB:.0f}), "
                     f"PSS {row['pss'] / MiB:.0f} MiB, of which the kernel {row['kernel'] / MiB:.0f} MiB RSS; step took {last_time:.0f} s; load {os.getloadavg()[0]:.1f}")
            for name in names:
                remove_user(name)
                made.remove(name)
            if row["p95"] > DEGRADED * baseline:
                progress(f"  stop: p95 is more than {DEGRADED:.0f}x one student alone (degraded)")
                break
            if row["available"] < MIN_FREE + n * row["rss"] * 2:
                progress("  stop: the next step would not fit in free memory")
                break
    finally:
        hub.stop()
        for name in made:
            remove_user(name)
        import shutil
        shutil.rmtree(folder, ignore_errors=True)
    if rows:
        _sizing(rows)
    return rows


def _tree_rss(pids: list[int]) -> int:
    """RSS of the given processes and all their descendants running as root (hub, proxy)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
                pass
    total, todo = 0, list(pids)
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            if os.stat(f"/proc/{pid}").st_uid != 0:
                continue
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except FileNotFoundError:
            pass
    return total


def _sizing(rows: list[dict]) -> None:
    """Turn the steps into sizing numbers, with TLJH's rule of thumb for memory: concurrent users x
    memory per user (+20-40% headroom; 30% here) + 128 MB."""
    cores = os.cpu_count() or 1
    per_student = max(r["rss_max"] for r in rows)
    kernel = max(r["kernel"] for r in rows)
    # CPU time one student's start costs (server + open + run every cell), from the largest step: the
    # machine was busy with that step only if nothing else ran, so this is an upper bound
    largest = rows[-1]
    start_cost = largest["wall"] * cores / largest["n"]
    per_gib = (1 << 30) / (per_student * 1.3)
    progress(f"  sizing: {per_student / MiB:.0f} MiB RSS per student with workbook 01 open (server "
             f"{(per_student - kernel) / MiB:.0f} + kernel {kernel / MiB:.0f}; each further open workbook "
             f"adds a kernel); {per_gib:.1f} students per GiB with 30% headroom")
    progress(f"  start-up: at most {start_cost:.1f} core-seconds per student ({largest['n']} at once took "
             f"{largest['wall']:.0f} s on {cores} cores); a core starts about {60 / start_cost:.0f} students "
             f"a minute; once started, an idle workbook uses no CPU")
    for share in (0.4, 0.6):
        active = round(300 * share)
        need = active * per_student * 1.3 + 128e6
        progress(f"    class of 300, {share:.0%} active = {active}: memory {need / 2**30:.1f} GiB; all ready "
                 f"within 2 minutes needs ~{active * start_cost / 120:.0f} cores, within 5 minutes "
                 f"~{active * start_cost / 300:.0f}")


if __name__ == "__main__":
    bench_hub()
