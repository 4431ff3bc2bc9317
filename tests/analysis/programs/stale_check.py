# Two buyers check the stock, give up control, then take one: the check is stale when they act on it.
import asyncio

stock = 1


async def buy(name):
    global stock
    if stock > 0:
        await asyncio.sleep(0)
        stock -= 1
        print(f"{name} bought one")


async def main():
    await asyncio.gather(buy("A"), buy("B"))
    print(f"stock = {stock} (never below 0)")


asyncio.run(main())
