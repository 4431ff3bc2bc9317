# shield protects an inner task from its waiter's cancellation; as_completed yields results as they come.
import asyncio

async def job(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done")
    return name

async def main():
    inner = asyncio.create_task(job("inner", 2), name="inner")
    async def wait_shielded():
        return await asyncio.shield(inner)

    outer = asyncio.create_task(wait_shielded(), name="outer")
    await asyncio.sleep(1)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer was cancelled")
    print(f"inner still gave {await inner}")
    for next_done in asyncio.as_completed([job("three", 3), job("one", 1), job("two", 2)]):
        print(f"got {await next_done}")

asyncio.run(main())
