# Two tasks read a shared counter, give up control, and write it back: one update is lost.
import asyncio

counter = 0


async def bump(name):
    global counter
    seen = counter
    await asyncio.sleep(0)
    counter = seen + 1
    print(f"{name} wrote {counter}")


async def main():
    await asyncio.gather(bump("A"), bump("B"))
    print(f"counter = {counter} (expected 2)")


asyncio.run(main())
