# bpat_antlr_generate(<target> GRAMMAR <file.g4> NAMESPACE <ns>)
# Runs Debian's antlr4 tool (4.7.2) at build time and makes <target> an object
# library holding the generated C++ parser, compiled against the 4.9 runtime.
function(bpat_antlr_generate target)
  cmake_parse_arguments(ARG "" "GRAMMAR;NAMESPACE" "" ${ARGN})
  get_filename_component(grammar_name ${ARG_GRAMMAR} NAME_WE)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/antlr)
  set(outputs
    ${out_dir}/${grammar_name}Lexer.cpp ${out_dir}/${grammar_name}Lexer.h
    ${out_dir}/${grammar_name}Parser.cpp ${out_dir}/${grammar_name}Parser.h)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -no-visitor
            -package ${ARG_NAMESPACE} -o ${out_dir} -Xexact-output-dir ${ARG_GRAMMAR}
    COMMAND ${CMAKE_COMMAND} -DFILE=${out_dir}/${grammar_name}Lexer.cpp
            -DCLASS=${grammar_name}Lexer -DBASE=Lexer -DSTREAM=CharStream
            -P ${PROJECT_SOURCE_DIR}/cmake/BPatAntlrLazyInit.cmake
    COMMAND ${CMAKE_COMMAND} -DFILE=${out_dir}/${grammar_name}Parser.cpp
            -DCLASS=${grammar_name}Parser -DBASE=Parser -DSTREAM=TokenStream
            -P ${PROJECT_SOURCE_DIR}/cmake/BPatAntlrLazyInit.cmake
    DEPENDS ${ARG_GRAMMAR} ${PROJECT_SOURCE_DIR}/cmake/BPatAntlrLazyInit.cmake
    COMMENT "Generating the ${grammar_name} parser with antlr4"
    VERBATIM)
  # The 4.9 runtime's umbrella header pulls in misc/InterpreterDataReader.h,
  # which clang rejects (it default-constructs a Vocabulary). Nothing here
  # uses it, so build a copy of the umbrella header without it and put that
  # first on the include path.
  set(shim_dir ${CMAKE_CURRENT_BINARY_DIR}/antlr-shim)
  file(READ ${ANTLR4_INCLUDE_DIR}/antlr4-runtime.h umbrella)
  string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" umbrella "${umbrella}")
  file(WRITE ${shim_dir}/antlr4-runtime.h.tmp "${umbrella}")
  configure_file(${shim_dir}/antlr4-runtime.h.tmp ${shim_dir}/antlr4-runtime.h COPYONLY)

  add_library(${target} OBJECT ${outputs})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  # Generated code and the runtime headers warn a lot under g++ 12.
  target_include_directories(${target} SYSTEM PUBLIC ${shim_dir} ${out_dir} ${ANTLR4_INCLUDE_DIR})
  target_compile_options(${target} PRIVATE -w)
  target_link_libraries(${target} PUBLIC ${BPAT_ANTLR4_LIBRARY})
endfunction()
