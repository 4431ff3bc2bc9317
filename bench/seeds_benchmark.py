# The seeds' benchmark on CPython's own asyncio (the C-accelerated Task and Future, the default):
# nested and non-nested awaits of coroutines and of Tasks, at depths 2, 4 and 8, 10,000 times each.
# Prints one line per case: "<kind> <depth> <seconds>", the best of its runs. bench/seeds_benchmark (C++) runs this and
# prints both side by side.
import asyncio, sys, time

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000

async def leaf():
    return 1

async def nested_coroutine(depth):
    if depth == 0:
        return 1
    return await nested_coroutine(depth - 1)

async def nested_task(depth):
    if depth == 0:
        return 1
    return await asyncio.ensure_future(nested_task(depth - 1))

async def flat_coroutines(depth):
    for _ in range(depth):
        await leaf()

async def flat_tasks(depth):
    for _ in range(depth):
        await asyncio.ensure_future(leaf())

CASES = [
    ("coroutine-flat", flat_coroutines),
    ("coroutine-nested", nested_coroutine),
    ("task-flat", flat_tasks),
    ("task-nested", nested_task),
]

async def run(case, depth):
    for _ in range(REPEATS):
        await case(depth)

# Each figure is the best of at least this many runs, and of more for a short case, until they have
# taken a quarter of a second (at most MOST_RUNS): the rule the C++ side takes its own figures by.
# Timings on a shared machine vary from run to run, and the best run is the one least disturbed.
RUNS = 5
MOST_RUNS = 200
ENOUGH_SECONDS = 0.25

def measure(case, depth):
    loop = asyncio.new_event_loop()
    start = time.perf_counter()
    loop.run_until_complete(run(case, depth))
    elapsed = time.perf_counter() - start
    loop.close()
    return elapsed

# seeds_benchmark.py REPEATS [CASE DEPTH]: every case, or only the one named.
only = (sys.argv[2], int(sys.argv[3])) if len(sys.argv) > 3 else None
for name, case in CASES:
    for depth in (2, 4, 8):
        if only is None or only == (name, depth):
            times = []
            while len(times) < MOST_RUNS and (len(times) < RUNS or sum(times) < ENOUGH_SECONDS):
                times.append(measure(case, depth))
            print(name, depth, f"{min(times):.6f}", flush=True)
