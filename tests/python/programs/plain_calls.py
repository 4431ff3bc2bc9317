# Plain functions called from a coroutine: their locals are frames too, innermost first, while they run.
import asyncio


def double(n):
    return n * 2


def total_of(k):
    total = 0
    for i in range(k):
        total += double(i)
    return total


def factorial(n):
    return 1 if n <= 1 else n * factorial(n - 1)


def announce():
    print("adding up")


async def main():
    announce()
    squares = [i * i for i in range(3)]
    print(total_of(3), factorial(4), squares, (lambda x: x + 1)(41))


asyncio.run(main())
