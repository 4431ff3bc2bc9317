// What kind of file a path is, in words, for a message that refuses it ("a directory", "a pipe (FIFO)").
#pragma once

#include <sys/types.h>

namespace cotrace {

const char* describe_file_type(mode_t mode);

}  // namespace cotrace
