# cotrace_add_program(NAME SOURCE...): an executable written against cotrace's asyncio runtime.
# Its main() calls asyncio::run_program(); run it with --trace FILE to record a trace.
function(cotrace_add_program name)
  add_executable(${name} ${ARGN})
  target_compile_features(${name} PRIVATE cxx_std_20)
  target_link_libraries(${name} PRIVATE cotrace::runtime)
endfunction()
