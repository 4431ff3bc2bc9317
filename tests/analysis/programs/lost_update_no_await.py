# The lost update, fixed: with no await between the read and the write, no other task runs in between.
import asyncio

counter = 0


async def bump(name):
    global counter
    await asyncio.sleep(0)
    seen = counter
    counter = seen + 1
    print(f"{name} wrote {counter}")


async def main():
    await asyncio.gather(bump("A"), bump("B"))
    print(f"counter = {counter} (expected 2)")


asyncio.run(main())
