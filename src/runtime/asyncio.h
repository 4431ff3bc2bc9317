// The runtime's public header: everything a program written against cotrace's asyncio needs.
// Names follow Python's asyncio, so each piece can be read beside Lib/asyncio:
//   Coroutine<T>, yield_()        coroutine objects, send/throw_/close, and the one yield primitive
//   Future, Task                  futures.py, tasks.py
//   EventLoop, get_running_loop   base_events.py (on libuv)
//   sleep, gather                 tasks.py
//   AsyncGenerator                async generators (PEP 525): co_yield inside, co_await gen.next() outside
//   File                          files through libuv's thread pool (uv_fs_*)
//   open_connection, start_server TCP streams (streams.py) on libuv (uv_tcp_*)
//   OSError, FileNotFoundError, ConnectionRefusedError, ...: I/O errors with libuv's error names
//   print                         what the program prints (recorded in the trace)
#pragma once

#include "async_generator.h"
#include "files.h"
#include "io_errors.h"
#include "streams.h"

#include "coroutine.h"
#include "event_loop.h"
#include "exceptions.h"
#include "future.h"
#include "gather.h"
#include "print.h"
#include "sleep.h"
#include "task.h"
#include "value.h"
