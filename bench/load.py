"""Many people opening the atlas at once: concurrent browser sessions against a fresh server.

    python bench/load.py [--sessions 20] [--switches 3] [--waves 2] [--time-limit 900]

Starts `streamlit run app.py` on a free 127.0.0.1 port (nothing else is contacted: the browser
may reach only that address), then opens `--sessions` headless Chromium sessions at the same
moment, each on another page's link — the first visits of a fresh server, where a page once
raised `ImportError` — and has each switch category and page `--switches` times. Each action
is timed until Streamlit reports the script run finished. Prints the median and worst latency,
the errors (an exception box, a page without the sidebar, a timeout) and the server's resident
memory before the warm waves (after the first wave on the fresh server, so caches count as
start), at its peak, and after each of `--waves` warm waves once it dropped their sessions.
Bounded: at most 50 sessions, `--time-limit` seconds a wave. Target (issue 13): 20 sessions,
0 errors, memory back within 10%.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    *("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"),
    *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
]
SESSION_TTL = 5  # seconds the server keeps a closed session (Streamlit's default is 120)
MAX_SESSIONS = 50
PAGES = ["", "links", "export", "priorities", "region_profile", "data"]
NAVIGATION = {"": "Cluster map", "region_profile": "Region profile", "links": "Links"}
CATEGORIES = [
    "Computer and Mathematical Occupations",
    "Healthcare Practitioners and Technical Occupations",
    "Production Occupations",
    "Business and Financial Operations Occupations",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Sampler(threading.Thread):
    """The server's peak resident memory, sampled every 0.2 s until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.2)


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def start_server(port: int, log: Path) -> subprocess.Popen:
    """The app on 127.0.0.1:`port`, once it answers its health check."""
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.headless", "true", "--server.address", "127.0.0.1"),
        *("--server.port", str(port), "--browser.gatherUsageStats", "false"),
        *("--server.disconnectedSessionTTL", str(SESSION_TTL)),
        # as deployed: no reloading of modules when someone saves a file in the work tree
        *("--server.fileWatcherType", "none"),
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, env=os.environ.copy()
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"streamlit did not start; see {log}")


async def idle(page, timeout: float) -> None:
    """Until Streamlit has finished the script run for what the page shows."""
    await page.wait_for_timeout(250)
    await page.locator("[data-test-script-state='notRunning']").first.wait_for(timeout=timeout)


async def check(page, what: str, results: Results) -> None:
    """Record an exception box or a page shown outside the app's navigation as errors."""
    boxes = page.locator("[data-testid='stException']")
    if await boxes.count():
        text = (await boxes.first.inner_text()).splitlines()[0]
        results.errors.append(f"{what}: {text[:160]}")
    if not await page.get_by_role("link", name="Cluster map").count():
        results.errors.append(f"{what}: no app navigation in the sidebar")


async def timed(action, page, what: str, results: Results, timeout: float) -> None:
    began = time.perf_counter()
    try:
        await action()
        await idle(page, timeout)
    except Exception as error:  # a timeout or a vanished element: counted, the session goes on
        results.errors.append(f"{what}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return
    results.latencies.append(time.perf_counter() - began)
    await check(page, what, results)


async def session(browser, url: str, number: int, switches: int, results: Results, timeout):
    """One visitor: a first visit by a shared link, then category and page switches."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(timeout)
    context.set_default_navigation_timeout(timeout)

    async def local_only(route) -> None:
        allowed = route.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
        await (route.continue_() if allowed else route.abort())

    await context.route("**/*", local_only)
    page = await context.new_page()
    first = PAGES[number % len(PAGES)]
    category = CATEGORIES[number % len(CATEGORIES)]
    link = f"{url}/{first}?lang=en&category={urllib.request.quote(category)}"
    await timed(lambda: page.goto(link), page, f"session {number} opens /{first}", results, timeout)
    for switch in range(switches):
        target = list(NAVIGATION)[(number + switch) % len(NAVIGATION)]
        name = NAVIGATION[target]
        what = f"session {number} switch {switch + 1} to {name}"
        await timed(
            lambda name=name: page.get_by_role("link", name=name).first.click(),
            page,
            what,
            results,
            timeout,
        )
        box = page.get_by_test_id("stSelectbox").filter(has_text="Cluster category").first
        if target == "" and await box.count():
            option = CATEGORIES[(number + switch + 1) % len(CATEGORIES)]

            async def pick(box=box, option=option) -> None:
                await box.click()
                await page.get_by_role("option", name=option, exact=True).click()

            await timed(pick, page, f"{what}: category {option}", results, timeout)
    await context.close()


async def visit_all(url: str, sessions: int, switches: int, timeout: float) -> Results:
    from playwright.async_api import async_playwright

    results = Results()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(
            *(session(browser, url, n, switches, results, timeout) for n in range(sessions))
        )
        await browser.close()
    return results


def run(sessions: int, switches: int, time_limit: float, waves: int = 2) -> dict:
    """Start a fresh server, warm it, load it `waves` times, letting it drop the sessions after
    each (memory that grows wave after wave is held per session; memory that stays level is
    the caches and the allocator's pools); the figures."""
    sessions = min(sessions, MAX_SESSIONS)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = ROOT / "artifacts" / "load_server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_server(port, log)
    timeout = time_limit * 1000 / 3
    try:
        start = rss_mb(server.pid)
        began = time.perf_counter()
        loaded = asyncio.run(
            asyncio.wait_for(visit_all(url, sessions, switches, timeout), time_limit)
        )
        cold = time.perf_counter() - began
        time.sleep(SESSION_TTL + 5)
        before = rss_mb(server.pid)
        sampler = Sampler(server.pid)
        sampler.start()
        results, afters = Results(), []
        for _ in range(waves):
            wave = asyncio.run(
                asyncio.wait_for(visit_all(url, sessions, switches, timeout), time_limit)
            )
            results.latencies += wave.latencies
            results.errors += wave.errors
            time.sleep(SESSION_TTL + 10)  # the server drops closed sessions after their TTL
            afters.append(rss_mb(server.pid))
        sampler.running = False
        sampler.join()
        after = afters[-1]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "sessions": sessions,
        "cold": loaded,
        "cold_seconds": cold,
        "results": results,
        "start": start,
        "before": before,
        "peak": max(sampler.peak, before),
        "after": after,
        "afters": afters,
    }


def report(figures: dict) -> None:
    for name in ("cold", "results"):
        results: Results = figures[name]
        title = "fresh server, first visits" if name == "cold" else "warm server, every wave"
        times = sorted(results.latencies) or [float("nan")]
        print(
            f"{title}: {figures['sessions']} sessions, {len(results.latencies)} timed actions, "
            f"median {statistics.median(times):.2f} s, worst {times[-1]:.2f} s, "
            f"{len(results.errors)} errors"
        )
        for error in results.errors[:20]:
            print(f"  error: {error}")
    before, peak, after = figures["before"], figures["peak"], figures["after"]
    print(
        f"server memory (RSS): fresh {figures['start']:.0f} MB; warm wave: before "
        f"{before:.0f} MB, peak {peak:.0f} MB, after {after:.0f} MB "
        f"({(after - before) / before:+.1%} of before); after each wave: "
        + ", ".join(f"{mb:.0f} MB" for mb in figures["afters"])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"at most {MAX_SESSIONS}")
    parser.add_argument("--switches", type=int, default=3, help="page/category switches each")
    parser.add_argument("--time-limit", type=float, default=900, help="seconds per wave")
    parser.add_argument("--waves", type=int, default=2, help="warm waves of sessions")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: install Debian's chromium package")
    report(run(args.sessions, args.switches, args.time_limit, max(args.waves, 1)))


if __name__ == "__main__":
    main()
