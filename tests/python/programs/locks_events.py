# Lock, Event and Semaphore: who waits for whom.
import asyncio

async def use_lock(name, lock):
    async with lock:
        print(f"{name} has the lock")
        await asyncio.sleep(1)
    print(f"{name} let go")

async def wait_for_event(name, event):
    await event.wait()
    print(f"{name} saw the event")

async def limited(name, semaphore):
    async with semaphore:
        print(f"{name} in")
        await asyncio.sleep(1)
        print(f"{name} out")

async def main():
    lock, event, semaphore = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(2)
    waiters = [asyncio.create_task(wait_for_event(f"e{i}", event)) for i in range(2)]
    await asyncio.gather(use_lock("x", lock), use_lock("y", lock))
    event.set()
    await asyncio.gather(*waiters)
    await asyncio.gather(*(limited(f"s{i}", semaphore) for i in range(3)))

asyncio.run(main())
