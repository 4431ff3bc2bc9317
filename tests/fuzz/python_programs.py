"""Random asyncio programs for the Python recorder's fuzzing (tests/fuzz/fuzz_python.sh).

    python3 python_programs.py SEED [--threads]    prints one program

A program is built from a small grammar of what learners write: coroutines that sleep, print, await each
other, make tasks, gather (with and without return_exceptions), wait_for with a timeout, cancel, use a
Lock, an Event, a Queue, a TaskGroup, raise and catch, and (with --threads) hand work to threads with
to_thread and run_in_executor. The same seed always gives the same program. Every program ends: each
coroutine only awaits coroutines defined after it, and every Queue get has its put.
"""
import random
import sys


class Program:
    def __init__(self, seed, threads):
        self.random = random.Random(seed)
        self.threads = threads
        self.count = self.random.randint(2, 5)  # w0 .. w{count-1}; main awaits them

    def pick(self, *choices):
        return self.random.choice(choices)

    def later(self, i):
        """A coroutine function defined after w{i}: awaiting it cannot loop back."""
        return self.random.randint(i + 1, self.count - 1) if i + 1 < self.count else None

    def statements(self, i, depth, indent):
        lines = []
        for _ in range(self.random.randint(1, 4)):
            lines += self.statement(i, depth, indent)
        return lines

    def statement(self, i, depth, indent):
        pad = "    " * indent
        j = self.later(i)
        kind = self.pick("sleep", "print", "sleep", "await", "task", "gather", "wait_for", "cancel", "lock", "event",
                         "queue", "raise", "group", "thread") if j is not None and depth < 3 else self.pick("sleep", "print", "raise", "thread")
        me = f"w{i}" if i >= 0 else "main"
        if kind == "sleep":
            return [f"{pad}await asyncio.sleep({self.pick(0, 0, 0.1, 1, 2)})"]
        if kind == "print":
            return [f"{pad}print('{me}', x, {self.random.randint(0, 99)})"]
        if kind == "raise":
            return [f"{pad}if x % {self.random.randint(2, 4)} == 0:", f"{pad}    raise ValueError('{me} ' + str(x))"]
        if kind == "thread":
            if not self.threads:
                return [f"{pad}await asyncio.sleep(0)"]
            if self.pick(True, False):
                return [f"{pad}print('{me} thread', await asyncio.to_thread(pow, x, 2))"]
            return [f"{pad}print('{me} executor', await asyncio.get_running_loop().run_in_executor(None, abs, -x))"]
        call = f"w{j}(x + {self.random.randint(1, 3)})"
        guard = [f"{pad}try:", f"{pad}    print('{me} got', await {call})", f"{pad}except ValueError as error:",
                 f"{pad}    print('{me} caught', error)"]
        if kind == "await":
            return guard
        if kind == "task":
            return [f"{pad}t = asyncio.create_task({call})", f"{pad}await asyncio.sleep(0)",
                    f"{pad}try:", f"{pad}    print('{me} task gave', await t)", f"{pad}except ValueError as error:",
                    f"{pad}    print('{me} task raised', error)"]
        if kind == "gather":
            k = self.later(i)
            both = self.pick(True, False)
            return [f"{pad}try:",
                    f"{pad}    print('{me} gathered', await asyncio.gather({call}, w{k}(x), return_exceptions={both}))",
                    f"{pad}except ValueError as error:", f"{pad}    print('{me} gather raised', error)"]
        if kind == "wait_for":
            return [f"{pad}try:", f"{pad}    print('{me} in time', await asyncio.wait_for({call}, {self.pick(0.05, 0.5, 5)}))",
                    f"{pad}except asyncio.TimeoutError:", f"{pad}    print('{me} timed out')",
                    f"{pad}except ValueError as error:", f"{pad}    print('{me} caught', error)"]
        if kind == "cancel":
            return [f"{pad}t = asyncio.create_task({call})", f"{pad}await asyncio.sleep({self.pick(0, 0.1, 1)})",
                    f"{pad}t.cancel()", f"{pad}try:", f"{pad}    await t", f"{pad}except asyncio.CancelledError:",
                    f"{pad}    print('{me} cancelled it')", f"{pad}except ValueError as error:", f"{pad}    print('{me} caught', error)"]
        if kind == "lock":  # its body only sleeps and prints: an await that takes the lock again would deadlock
            return [f"{pad}async with LOCK:", f"{pad}    print('{me} holds the lock', x)",
                    f"{pad}    await asyncio.sleep({self.pick(0, 0.1)})", f"{pad}    print('{me} lets go', x)"]
        if kind == "event":
            return [f"{pad}waiter = asyncio.create_task(EVENT.wait())", f"{pad}await asyncio.sleep(0)",
                    f"{pad}EVENT.set()", f"{pad}print('{me} event', await waiter)", f"{pad}EVENT.clear()"]
        if kind == "queue":
            return [f"{pad}queue = asyncio.Queue(maxsize={self.random.randint(1, 2)})",
                    f"{pad}async def produce():", f"{pad}    for n in range(3):", f"{pad}        await queue.put(n)",
                    f"{pad}producer = asyncio.create_task(produce())",
                    f"{pad}print('{me} queue', [await queue.get() for _ in range(3)])", f"{pad}await producer"]
        if kind == "group":
            k = self.later(i)
            return [f"{pad}try:", f"{pad}    async with asyncio.TaskGroup() as group:",
                    f"{pad}        group.create_task({call})", f"{pad}        group.create_task(w{k}(x))",
                    f"{pad}except* ValueError as errors:", f"{pad}    print('{me} group raised', len(errors.exceptions))"]
        raise AssertionError(kind)

    def text(self):
        lines = ["import asyncio", "", "LOCK = asyncio.Lock()", "EVENT = asyncio.Event()", ""]
        for i in range(self.count):
            lines += [f"async def w{i}(x):"] + self.statements(i, 0, 1) + ["    return x * 2", ""]
        lines += ["async def main():", "    x = 1"]
        lines += self.guarded_main()
        lines += ["", "asyncio.run(main())", ""]
        return "\n".join(lines)

    def guarded_main(self):
        lines = []
        for _ in range(self.random.randint(1, 3)):
            lines += self.statement(-1, 0, 1) if self.pick(True, False) else [
                "    try:", f"        print('main got', await w0(x))", "    except ValueError as error:",
                "        print('main caught', error)"]
        return lines


if __name__ == "__main__":
    program = Program(int(sys.argv[1]), "--threads" in sys.argv[2:])
    # main may call any w{i}: statement(-1) picks from w0 on.
    sys.stdout.write(program.text())
