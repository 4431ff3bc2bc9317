class Future:
    ...
    def __await__(self):

        if not self.done():
            self._asyncio_is_future_blocking = True
            yield self

        if not self.done():
            raise RuntimeError("await wasn't used with future")

        return self.result()
