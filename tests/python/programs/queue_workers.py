# A producer fills an asyncio.Queue; two workers take from it until the queue is joined.
import asyncio

async def producer(queue):
    for item in range(5):
        await queue.put(item)
        print(f"put {item}")
        await asyncio.sleep(0.5)

async def worker(name, queue):
    while True:
        item = await queue.get()
        await asyncio.sleep(1)
        print(f"{name} did {item}")
        queue.task_done()

async def main():
    queue = asyncio.Queue(maxsize=2)
    workers = [asyncio.create_task(worker(f"w{i}", queue), name=f"w{i}") for i in range(2)]
    await producer(queue)
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("all done")

asyncio.run(main())
