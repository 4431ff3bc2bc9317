# hello_tasks: two workers sleep for different times; main awaits both and prints what they return.
import asyncio

async def worker(name, delay):
    print(f"{name} starts, will sleep {delay} s")
    await asyncio.sleep(delay)
    print(f"{name} wakes up")
    return name.upper()

async def main():
    slow = asyncio.Task(worker("slow", 2), name="slow")
    quick = asyncio.Task(worker("quick", 1), name="quick")
    first = await slow
    second = await quick
    print(f"main got {first!r} and {second!r}")

loop = asyncio.new_event_loop()
loop.run_until_complete(asyncio.Task(main(), loop=loop, name="main_task"))
