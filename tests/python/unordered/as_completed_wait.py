# as_completed and wait: results as they come. Both put their futures in a set, so the order in which
# they add done callbacks follows the futures' addresses and changes from run to run, in CPython too:
# this program is checked by what it prints, not against the oracle's log.
import asyncio

async def job(name, delay):
    await asyncio.sleep(delay)
    return name

async def main():
    for next_done in asyncio.as_completed([job("three", 3), job("one", 1), job("two", 2)]):
        print(f"got {await next_done}")
    tasks = [asyncio.create_task(job(name, delay)) for name, delay in (("slow", 2), ("quick", 1))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"first done: {[task.result() for task in done]}, still pending: {len(pending)}")
    await asyncio.wait(pending)

asyncio.run(main())
