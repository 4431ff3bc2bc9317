# Two deposits read an account's balance, give up control, and write it back: one deposit is lost.
import asyncio


class Account:
    def __init__(self):
        self.balance = 100


async def deposit(account, amount):
    balance = account.balance
    await asyncio.sleep(0)
    account.balance = balance + amount


async def main():
    account = Account()
    await asyncio.gather(deposit(account, 50), deposit(account, 25))
    print(f"balance = {account.balance} (expected 175)")


asyncio.run(main())
