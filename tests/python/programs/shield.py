# shield protects an inner task from its waiter's cancellation.
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

asyncio.run(main())
