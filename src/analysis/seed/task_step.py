class Task:
...
    def step(self):
        try:
            yielded_value = self.coro.send(None)
        except StopIteration as e:
            super().set_result(e.value)
        else:
            if yielded_value._asyncio_is_future_blocking is True:
                yielded_value._asyncio_is_future_blocking = False
                yielded_value.add_done_callback(self.__step)
            ...
