# cotrace_embed(TARGET NAMESPACE FUNCTION FILE...): compiles NAMESPACE::FUNCTION() into TARGET, returning
# the text of each FILE by its path relative to the project.
function(cotrace_embed target namespace function)
  set(out ${CMAKE_BINARY_DIR}/generated/${function}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_SOURCE_DIR} -DOUT=${out} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} "-DFILES=${ARGN}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_sources.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/cmake/embed_sources.cmake
    COMMENT "Embedding the sources of ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
