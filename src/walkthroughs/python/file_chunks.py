# file_chunks: an async generator reads a real file in chunks while another task keeps working.
import asyncio, os, tempfile

async def read_chunks(path, size):
    loop = asyncio.get_running_loop()
    with open(path, "rb") as f:
        while True:
            chunk = await loop.run_in_executor(None, f.read, size)  # the read runs off the loop
            if not chunk:
                break
            yield chunk

async def count_bytes(path):
    total = 0
    async for chunk in read_chunks(path, 4096):
        total += len(chunk)
        print(f"read a chunk of {len(chunk)} bytes")
    return total

async def other_work():
    for step in range(3):
        print(f"other work, step {step + 1}")
        await asyncio.sleep(0)

async def main(path):
    reader = asyncio.Task(count_bytes(path), name="reader")
    worker = asyncio.Task(other_work(), name="worker")
    total, _ = await asyncio.gather(reader, worker)
    print(f"{total} bytes in all")

directory = tempfile.mkdtemp()
path = os.path.join(directory, "notes.txt")
with open(path, "w") as f:
    f.write("cotrace " * 1500)  # 12000 bytes: three chunks of 4096, then 3808
loop = asyncio.new_event_loop()
loop.run_until_complete(asyncio.Task(main(path), loop=loop, name="main_task"))
os.remove(path)
os.rmdir(directory)
