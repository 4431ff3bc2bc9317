# Two tasks count visits in a shared dict, giving up control between the read and the write.
import asyncio

visits = {"home": 0}


async def visit(page):
    seen = visits[page]
    await asyncio.sleep(0)
    visits[page] = seen + 1


async def main():
    await asyncio.gather(visit("home"), visit("home"))
    print(f"visits = {visits} (expected 2)")


asyncio.run(main())
